/**
 * A containment plan: the Graph write actions an incident's evidence supports, each with the objects it acts on (by
 * id), why, the records behind it, the exact request and the application permission it needs. Plans are plain data
 * (printed, stored in the trail, sent to the browser); what each kind of action does lives in `action-kinds.ts`.
 */
import type { ObjectRef } from '../core/objects.js';

export const ACTION_KINDS = [
  'remove-credential',
  'disable-service-principal',
  'remove-role-assignment',
  'remove-role-eligibility',
  'disable-user',
  'revoke-sessions',
  'force-password-change',
  'remove-oauth-grant',
  'remove-inbox-rule',
  'create-blocked-location',
  'block-addresses',
  'create-block-policy',
  'enable-policy',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** One Graph request: the path carries ids only (never a display name), relative to the Graph base URL. */
export interface GraphRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: Record<string, unknown>;
}

/** What an action needs to be sent, read back and undone: ids and the values it sets or restores. */
export type ActionParams = Readonly<Record<string, string | readonly string[] | boolean>>;

/** What every step of a plan says: its handle, the objects it acts on, why, and the records behind it. */
interface PlannedStep {
  /** `kind:target-id`: stable across runs, the handle of `--undo`. */
  readonly id: string;
  /** The objects acted on, by id, with their names as the records gave them (attacker-controlled: escape). */
  readonly targets: readonly ObjectRef[];
  readonly reason: string;
  /** uids of the records that support it (`premortem show UID`). */
  readonly evidence: readonly string[];
}

export interface ContainAction extends PlannedStep {
  readonly kind: ActionKind;
  readonly request: GraphRequest;
  /** The least privileged application permission for the request (Microsoft Graph permissions reference). */
  readonly permission: string;
  /** Higher permissions Graph also accepts for it. */
  readonly also_accepted: readonly string[];
  readonly params: ActionParams;
  /** Whether `--undo` can reverse it (re-enable, restore the role assignment, put the policy state back). */
  readonly undoable: boolean;
}

export interface ContainmentPlan {
  readonly incident: string;
  readonly title: string;
  /** The configuration snapshot the ids of role assignments, locations and policies come from, if any. */
  readonly snapshot: string | null;
  readonly actions: readonly ContainAction[];
  /** What the evidence suggests but the plan cannot do, with why (no snapshot, an id missing). */
  readonly notes: readonly string[];
  /**
   * Steps Graph cannot take, with the exact command a person runs elsewhere (mailbox forwarding set by Set-Mailbox
   * is cleared in Exchange Online PowerShell). Not sent by --execute; absent in plans stored before they existed.
   */
  readonly manual?: readonly ManualStep[];
}

/** A step Graph cannot take, done by a person with the exact command (its id is `kind:target-id` too). */
export interface ManualStep extends PlannedStep {
  /** Where the command runs (Exchange Online PowerShell), with the role it needs. */
  readonly where: string;
  readonly command: string;
  /** The command that shows it done. */
  readonly verify: string;
}
