/**
 * What the incident's unified audit log records say was done to mailboxes: inbox rules created or changed
 * (New-InboxRule, Set-InboxRule, UpdateInboxRules) to forward, redirect or delete mail, and forwarding set on the
 * mailbox itself (Set-Mailbox ForwardingSmtpAddress / ForwardingAddress). The log names a rule by its mailbox and
 * name and never carries the Graph messageRule id, so a rule is described here by what was recorded (name,
 * addresses, delete) and matched against the mailbox's messageRules when the plan is carried out.
 */
import { createHash } from 'node:crypto';
import type { ObjectRef } from '../core/objects.js';
import { sqlList } from '../store/sql-list.js';
import type { Workspace } from '../store/workspace.js';

export interface RecordedRule {
  /** The mailbox owner, by id. */
  readonly user: ObjectRef;
  /** The rule's name as recorded (attacker-chosen: escape where shown), or '' when the record gave none. */
  readonly name: string;
  readonly forwardTo: readonly string[];
  readonly redirectTo: readonly string[];
  readonly forwardAsAttachmentTo: readonly string[];
  readonly deletes: boolean;
  readonly operation: string;
  readonly uids: readonly string[];
  /** A stable handle of the rule within the mailbox (its name and addresses, hashed: never a raw name in an id). */
  readonly key: string;
}

export interface RecordedForwarding {
  readonly user: ObjectRef;
  /** The forwarding address or recipient as recorded. */
  readonly to: string;
  readonly uids: readonly string[];
}

export interface MailboxChanges {
  readonly rules: RecordedRule[];
  readonly forwardings: RecordedForwarding[];
  /** Records whose mailbox matches no known account: said in the plan's notes, never guessed. */
  readonly unresolved: string[];
}

const RULE_OPERATIONS = ['new-inboxrule', 'set-inboxrule', 'updateinboxrules'];
const ADDRESS = /[^\s;,"'<>[\]():]+@[^\s;,"'<>[\]():]+\.[^\s;,"'<>[\]():]+/g;

/** Parameters as the UAL writes them: a JSON list of {Name, Value}; anything else gives an empty map. */
export function parameterMap(text: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list)) return out;
    for (const p of list as { Name?: unknown; Value?: unknown }[])
      if (typeof p?.Name === 'string')
        out.set(p.Name.toLowerCase(), p.Value === undefined || p.Value === null ? '' : String(p.Value));
  } catch {
    // Not JSON: nothing to read (the record stays as evidence).
  }
  return out;
}

/** The addresses in a recorded value ("a@x.com;b@y.com", "SMTP:a@x.com", "\"Name\" [SMTP:a@x.com]"). */
export function addressesIn(value: string | undefined): string[] {
  return [...new Set((value ?? '').match(ADDRESS)?.map((a) => a.toLowerCase()) ?? [])].sort();
}

const isTrue = (v: string | undefined) => (v ?? '').trim().toLowerCase() === 'true';

/** The part after the last backslash of an Exchange identity ("mailbox\rule name"), or the whole. */
const afterSlash = (v: string) => v.slice(v.lastIndexOf('\\') + 1);
const beforeSlash = (v: string) => (v.includes('\\') ? v.slice(0, v.lastIndexOf('\\')) : v);

/**
 * The mailbox changes behind the incident's alerts. `userOf` resolves a recorded mailbox identity (a UPN or an
 * address) to the account, by id; nothing else (display names, Exchange object names) is trusted to name one.
 */
export async function mailboxChanges(
  ws: Workspace,
  alertIds: readonly string[],
  userOf: (identity: string) => ObjectRef | undefined,
): Promise<MailboxChanges> {
  const rows = await ws.all<{
    uid: string;
    operation: string;
    user_id: string | null;
    mailbox_owner_upn: string | null;
    object_id: string | null;
    parameters: string | null;
  }>(
    `SELECT a.uid, any_value(a.operation) AS operation, any_value(a.user_id) AS user_id,
            any_value(a.mailbox_owner_upn) AS mailbox_owner_upn, any_value(a.object_id) AS object_id,
            any_value(a.parameters) AS parameters, any_value(a.created_at) AS created_at
     FROM activities a JOIN alert_evidence ev ON ev.uid = a.uid AND ev.table_name = 'activities'
     WHERE list_contains($1::VARCHAR[], ev.alert_id)
       AND lower(replace(a.operation, '-', '')) IN ('newinboxrule', 'setinboxrule', 'updateinboxrules', 'setmailbox')
     GROUP BY a.uid ORDER BY created_at, a.uid`,
    [sqlList(alertIds)],
  );
  const rules = new Map<string, RecordedRule>();
  const forwardings = new Map<string, RecordedForwarding>();
  const unresolved: string[] = [];
  for (const r of rows) {
    const p = parameterMap(r.parameters);
    const op = r.operation.toLowerCase();
    const identity = p.get('identity') ?? '';
    // A mailbox the command named (-Mailbox, -Identity) is the only candidate: falling back to the actor's own
    // mailbox would remove the wrong rule. Without one the rule is on the actor's mailbox.
    const named = p.get('mailbox') ?? (identity ? beforeSlash(identity) : undefined);
    const candidates = named ? [named] : [r.mailbox_owner_upn, r.user_id];
    if (RULE_OPERATIONS.includes(op)) {
      const forwardTo = addressesIn(p.get('forwardto'));
      const redirectTo = addressesIn(p.get('redirectto'));
      const forwardAsAttachmentTo = addressesIn(p.get('forwardasattachmentto'));
      const deletes = isTrue(p.get('deletemessage')) || isTrue(p.get('softdeletemessage'));
      if (forwardTo.length + redirectTo.length + forwardAsAttachmentTo.length === 0 && !deletes) continue;
      const user = candidates.map((c) => (c ? userOf(c.trim()) : undefined)).find((u) => u !== undefined);
      if (!user) {
        unresolved.push(
          `${r.operation} (${r.uid}): its mailbox matches no account by address; remove the rule by hand`,
        );
        continue;
      }
      const name = (
        p.get('name') ?? (identity ? afterSlash(identity) : r.object_id ? afterSlash(r.object_id) : '')
      ).trim();
      const key = createHash('sha256')
        .update(
          [name.toLowerCase(), ...forwardTo, '|', ...redirectTo, '|', ...forwardAsAttachmentTo, String(deletes)].join(
            '\n',
          ),
        )
        .digest('hex')
        .slice(0, 12);
      const id = `${user.id.toLowerCase()}:${key}`;
      const have = rules.get(id);
      if (have) (have.uids as string[]).push(r.uid);
      else
        rules.set(id, {
          user,
          name,
          forwardTo,
          redirectTo,
          forwardAsAttachmentTo,
          deletes,
          operation: r.operation,
          uids: [r.uid],
          key,
        });
    } else {
      const to = (p.get('forwardingsmtpaddress') || p.get('forwardingaddress') || '').trim();
      if (to === '') continue;
      const user = candidates.map((c) => (c ? userOf(c.trim()) : undefined)).find((u) => u !== undefined);
      if (!user) {
        unresolved.push(
          `Set-Mailbox forwarding (${r.uid}): its mailbox matches no account by address; clear it by hand`,
        );
        continue;
      }
      const have = forwardings.get(user.id.toLowerCase());
      if (have) (have.uids as string[]).push(r.uid);
      else forwardings.set(user.id.toLowerCase(), { user, to, uids: [r.uid] });
    }
  }
  return { rules: [...rules.values()], forwardings: [...forwardings.values()], unresolved };
}

/** A PowerShell single-quoted string: quotes doubled, control characters dropped. */
export function psQuote(v: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
  return `'${v.replace(/[\u0000-\u001f\u007f]/g, '').replace(/['\u2018\u2019\u201a\u201b]/g, "''")}'`;
}
