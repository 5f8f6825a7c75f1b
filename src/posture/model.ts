/**
 * The posture model: a baseline check (metadata from content/baselines, logic in src/posture/checks), what its
 * logic finds in a snapshot, and the result after the exceptions register is applied.
 */
import type { ObjectRef } from '../core/objects.js';
import type { Severity } from '../core/severity.js';
import type { ExceptionState } from './exceptions/schema.js';

/** The five results a check can have (issue 6). */
export type CheckStatus = 'pass' | 'fail' | 'accepted-risk' | 'not-applicable' | 'no-data';

/** Cross-references to the anchors that have the same control (reference/posture_checks.md). */
export interface CheckRefs {
  readonly scuba?: readonly string[];
  readonly maester?: readonly string[];
  readonly cipp?: readonly string[];
  readonly prowler?: readonly string[];
  readonly monkey365?: readonly string[];
}

/** A check's metadata as content/baselines holds it. */
export interface CheckMeta {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly refs: CheckRefs;
  /** Snapshot resources (or sign-ins) the check reads. */
  readonly data: readonly string[];
  readonly rationale: string;
  readonly remediation: string;
}

/** The kinds of directory object a finding can name. */
export type SubjectType = 'user' | 'group' | 'role' | 'servicePrincipal' | 'application' | 'policy' | 'domain' | 'ip';

/** The object a finding is about: what an exception's subjects are matched against. */
export interface Subject {
  readonly type: SubjectType;
  readonly id: string;
  readonly name?: string;
  /** A user's sign-in name: exceptions may name people by UPN. */
  readonly upn?: string;
  /** A service principal's or application's app id (client id). */
  readonly appId?: string;
}

/** One thing a check found wrong, with the evidence a reviewer needs (which policy, which principal). */
export interface Finding {
  readonly message: string;
  readonly subject?: Subject;
  readonly policy?: { readonly id: string; readonly displayName: string };
  /**
   * The control an exception must name to cover this finding: the check id, or `ca-exclusion:<policy id>` for an
   * object excluded from a Conditional Access policy (DESIGN.md, "Exceptions").
   */
  readonly controls?: readonly string[];
  /** Objects beside the subject and policy, by id: the role held, the credential by its keyId. */
  readonly objects?: readonly ObjectRef[];
}

/** What a check's logic returns for a snapshot. */
export type CheckOutcome =
  | { readonly kind: 'evaluated'; readonly findings: readonly Finding[]; readonly passed: string }
  | { readonly kind: 'no-data'; readonly missing: readonly string[] }
  | { readonly kind: 'not-applicable'; readonly reason: string };

/** How an exception bore on a finding. */
export interface ExceptionMatch {
  readonly id: string;
  readonly state: ExceptionState;
  readonly expires: string;
}

/** One line of evidence in a result: the finding, and the exception that covers it if any. */
export interface Evidence {
  readonly message: string;
  readonly subject?: Subject;
  readonly policy?: { readonly id: string; readonly displayName: string };
  readonly exception?: ExceptionMatch;
  readonly accepted: boolean;
  /** Every object the finding names, by id: subject, policy and the finding's own (credential keyIds, roles). */
  readonly objects: readonly ObjectRef[];
}

/** A check's result as `assess --json` prints it: `{id, status, severity, title, refs, evidence}` plus extras. */
export interface CheckResult {
  readonly id: string;
  readonly name: string;
  readonly status: CheckStatus;
  readonly severity: Severity;
  readonly title: string;
  readonly refs: CheckRefs;
  readonly evidence: readonly Evidence[];
  /** One line: why it passed, what was missing, or how many findings. */
  readonly summary: string;
  readonly remediation: string;
}

const OBJECT_TYPE: Record<SubjectType, ObjectRef['type']> = {
  user: 'user',
  group: 'group',
  role: 'role',
  servicePrincipal: 'service_principal',
  application: 'application',
  policy: 'policy',
  domain: 'domain',
  ip: 'ip',
};

/** A finding's subject as an object by id. */
export function subjectObject(s: Subject): ObjectRef {
  const o: ObjectRef = { type: OBJECT_TYPE[s.type], id: s.id, name: s.name ?? null };
  if (s.appId !== undefined) o.app_id = s.appId;
  if (s.upn !== undefined) o.upn = s.upn.toLowerCase();
  return o;
}
