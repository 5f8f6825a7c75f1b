import type { ConfigCsvKind } from '../../core/mapper.js';
import { readCsvHeader } from './csv-records.js';

/**
 * Microsoft-Extractor-Suite configuration CSVs: identity facts (MFA registration, role holders, PIM assignments,
 * OAuth permissions, mailbox and transport rules) that belong in `snapshots`, not in the event tables. Recognised
 * by their header sets; `reference/collectors_output_formats.md` does not list these columns, so the sets below
 * were read from the cmdlets' own Export-Csv objects (Scripts/Get-MFAStatus.ps1, Get-Roles.ps1,
 * Get-OAuthPermissions.ps1, Get-Rules.ps1) and are UNVERIFIED against every module version: each kind is
 * matched on a few columns that define it, never on the whole set, so added or reordered columns still match.
 */
export type { ConfigCsvKind };

export interface ConfigCsvShape {
  readonly kind: ConfigCsvKind;
  /** What the file is, for the import summary. */
  readonly description: string;
  readonly headers: string[];
}

/** Header names as compared: trimmed, case-folded, inner whitespace removed ("Rule Name" = "RuleName"). */
export const headerKey = (h: string): string => h.trim().toLowerCase().replace(/\s+/g, '');

interface Rule {
  kind: ConfigCsvKind;
  description: string;
  /** Every group must be matched by at least one of its names. */
  all: readonly (readonly string[])[];
}

const RULES: readonly Rule[] = [
  {
    // Get-MFA, second file (<date>-MFA-UserRegistrationDetails.csv): Get-MgReportAuthenticationMethodUserRegistrationDetail.
    kind: 'mfa-registration',
    description: 'Extractor-Suite Get-MFA user registration details',
    all: [['id'], ['ismfacapable'], ['ismfaregistered'], ['userprincipalname']],
  },
  {
    // Get-MFA, first file (<date>-MFA-AuthenticationMethods.csv): one row per user, a column per method type.
    kind: 'mfa-methods',
    description: 'Extractor-Suite Get-MFA authentication methods per user',
    all: [['user'], ['mfastatus'], ['fido2', 'softwareoath', 'hellobusiness', 'phone']],
  },
  {
    // Get-PIMAssignments (<date>-PIM-Assignments.csv): active and eligible PIM assignments, groups expanded.
    kind: 'pim-assignments',
    description: 'Extractor-Suite Get-PIMAssignments role assignments',
    all: [['rolename'], ['userprincipalname'], ['assignmenttype'], ['startdatetime', 'enddatetime']],
  },
  {
    // Get-AllRoleActivity (<date>-All-Roles.csv): directory role members with their last sign-in.
    kind: 'role-members',
    description: 'Extractor-Suite Get-AllRoleActivity directory role members',
    all: [['role'], ['username', 'userprincipalname'], ['userid']],
  },
  {
    // Get-OAuthPermissions / Get-OAuthPermissionsGraph (<date>-OAuthPermissions.csv): one row per permission.
    kind: 'oauth-permissions',
    description: 'Extractor-Suite Get-OAuthPermissions delegated and application permissions',
    all: [['permissiontype'], ['permission'], ['clientobjectid', 'clientid', 'appid']],
  },
  {
    // Get-MailboxRules (<date>_MailboxRules.csv): Get-InboxRule per mailbox.
    kind: 'mailbox-rules',
    description: 'Extractor-Suite Get-MailboxRules inbox rules',
    all: [
      ['username', 'mailboxownerid', 'userprincipalname'],
      ['rulename', 'name'],
      ['forwardto', 'redirectto', 'movetofolder', 'deletemessage', 'forwardasattachmentto'],
    ],
  },
  {
    // Get-TransportRules (<date>_TransportRules.csv): Get-TransportRule | Select Name,Description,CreatedBy,WhenChanged,State.
    kind: 'transport-rules',
    description: 'Extractor-Suite Get-TransportRules transport rules',
    all: [['name'], ['state'], ['createdby', 'whenchanged']],
  },
];

/** The configuration kind of a CSV header row, or undefined when it is not one of these exports. */
export function classifyConfigHeaders(headers: readonly string[]): ConfigCsvShape | undefined {
  const keys = new Set(headers.map(headerKey));
  // A log export never matches: sign-in and audit CSVs carry their own defining columns, checked first.
  if (['requestid', 'date(utc)', 'auditdata', 'createddatetime[utc]', 'activity'].some((k) => keys.has(k))) {
    return undefined;
  }
  const rule = RULES.find((r) => r.all.every((group) => group.some((name) => keys.has(name))));
  return rule ? { kind: rule.kind, description: rule.description, headers: [...headers] } : undefined;
}

/** Reads a file's header when it looks like CSV (by content, not by name), and classifies it. */
export async function sniffConfigCsv(path: string): Promise<ConfigCsvShape | undefined> {
  const headers = await readCsvHeader(path);
  const first = headers[0]?.trimStart()[0];
  if (headers.length < 2 || first === '{' || first === '[') return undefined;
  return classifyConfigHeaders(headers);
}
