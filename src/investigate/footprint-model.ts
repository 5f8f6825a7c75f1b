import type { ObjectRef } from '../core/objects.js';

/** What `premortem investigate` starts from: an account, a service principal or an address. */
export interface FootprintSubject {
  kind: 'user' | 'sp' | 'ip';
  value: string;
}

/** An identity the footprint follows, and why: the subject, or something the attacker created, elevated or reset. */
export interface FootprintIdentity {
  kind: 'user' | 'sp' | 'ip';
  /** UPN (lower case), service principal display name, or address. */
  name: string;
  /** Object id where the records give one (a service principal's; an account's from the records naming it). */
  id: string | null;
  /** A service principal's application (client) id, where the records give one; absent for users and addresses. */
  app_id?: string | null;
  /** Followed from this time on (ISO 8601 UTC); null: from the beginning of the data. */
  since: string | null;
  /** "subject", or e.g. "made Global Administrator by j.tan@contoso-demo.com". */
  reason: string;
  /** The record that made it followed. */
  via: string | null;
}

/** What the footprint sorts actions into: the questions a responder asks ("did it create users? touch CA?"). */
export type FootprintCategory =
  | 'sign-in'
  | 'mailbox access'
  | 'role change'
  | 'group change'
  | 'user created'
  | 'credential added'
  | 'owner added'
  | 'consent'
  | 'conditional access'
  | 'authentication method'
  | 'password reset'
  | 'mailbox rule'
  | 'forwarding'
  | 'changed by others'
  | 'directory change'
  | 'mailbox or file activity';

/** One thing a followed identity did (or that was done to it), grouped where the logs split one act over records. */
export interface FootprintAction {
  start: string;
  end: string;
  category: FootprintCategory;
  /** Who acted: a UPN, a service principal name or an address. */
  actor: string;
  /** The activity or operation names as the logs write them, e.g. "Reset password (by admin) + Reset user password". */
  activity: string;
  target: string | null;
  /** Role name, client app and address, rule parameters: what the record says beyond the activity. */
  detail: string | null;
  /** "2 success", "1 failure"... */
  result: string;
  count: number;
  table: 'signins' | 'audits' | 'activities';
  uids: string[];
  /** The address the records name (directory changes by a user, mailbox operations, sign-ins). */
  ip: string | null;
  /**
   * Done by the attacker as far as the records show: from an attacker address, or by an identity the attacker took
   * over acting with no address (an application). A compromised admin's own work from the office is listed but false.
   */
  attacker: boolean;
  /** The objects its records name, by id (actor, target, role, credential by keyId, address). */
  objects: ObjectRef[];
}

/** Sign-ins of a followed identity, per address, client app, application and outcome. */
export interface SigninGroup {
  identity: string;
  ip: string;
  country: string | null;
  client_app: string | null;
  app: string | null;
  ok: boolean;
  count: number;
  first: string;
  last: string;
  /** An address that alerts name, or from which a followed identity changed the directory. */
  attacker_ip: boolean;
  uids: string[];
}

/** Everything a followed identity did after the first suspicious event, and what it touched. */
export interface Footprint {
  subject: FootprintSubject;
  since: string | null;
  attacker_ips: string[];
  identities: FootprintIdentity[];
  actions: FootprintAction[];
  signins: SigninGroup[];
  touched: { users: string[]; service_principals: string[]; applications: string[]; roles: string[]; groups: string[] };
  /** Every object the followed identities and their actions name, by id. */
  objects: ObjectRef[];
}
