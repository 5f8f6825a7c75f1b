/**
 * ATT&CK names for the tags the rules carry (Sigma tag form: attack.t1110.003, attack.credential-access). Names from
 * attack.mitre.org (Enterprise v16); a technique missing here is shown by its id, never guessed.
 */
export const TECHNIQUES: Readonly<Record<string, string>> = {
  T1078: 'Valid Accounts',
  'T1078.004': 'Valid Accounts: Cloud Accounts',
  T1098: 'Account Manipulation',
  'T1098.001': 'Account Manipulation: Additional Cloud Credentials',
  'T1098.002': 'Account Manipulation: Additional Email Delegate Permissions',
  'T1098.003': 'Account Manipulation: Additional Cloud Roles',
  'T1098.005': 'Account Manipulation: Device Registration',
  T1110: 'Brute Force',
  'T1110.001': 'Brute Force: Password Guessing',
  'T1110.003': 'Brute Force: Password Spraying',
  'T1110.004': 'Brute Force: Credential Stuffing',
  T1114: 'Email Collection',
  'T1114.002': 'Email Collection: Remote Email Collection',
  'T1114.003': 'Email Collection: Email Forwarding Rule',
  'T1136.003': 'Create Account: Cloud Account',
  T1531: 'Account Access Removal',
  'T1556.006': 'Modify Authentication Process: Multi-Factor Authentication',
  'T1564.008': 'Hide Artifacts: Email Hiding Rules',
  'T1484.002': 'Domain or Tenant Policy Modification: Trust Modification',
  T1528: 'Steal Application Access Token',
  'T1550.001': 'Use Alternate Authentication Material: Application Access Token',
};

/** Tactics in kill-chain order, as Sigma tags spell them. */
export const TACTICS: readonly (readonly [tag: string, name: string])[] = [
  ['reconnaissance', 'Reconnaissance'],
  ['initial-access', 'Initial Access'],
  ['execution', 'Execution'],
  ['persistence', 'Persistence'],
  ['privilege-escalation', 'Privilege Escalation'],
  ['defense-evasion', 'Defense Evasion'],
  ['credential-access', 'Credential Access'],
  ['discovery', 'Discovery'],
  ['lateral-movement', 'Lateral Movement'],
  ['collection', 'Collection'],
  ['exfiltration', 'Exfiltration'],
  ['impact', 'Impact'],
];

/** "attack.t1110.003" → "T1110.003"; anything else → null. */
export function techniqueOf(tag: string): string | null {
  const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
  return m?.[1] ? m[1].toUpperCase() : null;
}

/** "attack.credential-access" → "Credential Access"; anything else → null. */
export function tacticOf(tag: string): string | null {
  const t = tag.replace(/^attack\./i, '').toLowerCase();
  return TACTICS.find(([k]) => k === t)?.[1] ?? null;
}
