import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Severity } from '../../core/severity.js';
import type { RuleTable } from '../../rules/rule-tables.js';
import { type CompiledKql, QUERY_FREQUENCY_MS, SENTINEL_MAX_PERIOD_MS } from './compile-kql.js';

/** Sentinel refuses an analytic rule whose query is longer than this (characters). UNVERIFIED: as remembered from
 * Microsoft's page on scheduled rules, not checked against a workspace. */
export const SENTINEL_MAX_QUERY_LENGTH = 10_000;

const TACTICS = new Set([
  'Reconnaissance',
  'ResourceDevelopment',
  'InitialAccess',
  'Execution',
  'Persistence',
  'PrivilegeEscalation',
  'DefenseEvasion',
  'CredentialAccess',
  'Discovery',
  'LateralMovement',
  'Collection',
  'CommandAndControl',
  'Exfiltration',
  'Impact',
]);

/** Sentinel's four severities: critical rules are High there. */
const SEVERITY: Record<Severity, string> = {
  critical: 'High',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
};

/** The data connectors that fill each Sentinel table a rule table reads. */
const CONNECTORS: Record<RuleTable, { connectorId: string; dataTypes: string[] } | undefined> = {
  signins: {
    connectorId: 'AzureActiveDirectory',
    dataTypes: [
      'SigninLogs',
      'AADNonInteractiveUserSignInLogs',
      'AADServicePrincipalSignInLogs',
      'AADManagedIdentitySignInLogs',
    ],
  },
  audits: { connectorId: 'AzureActiveDirectory', dataTypes: ['AuditLogs'] },
  activities: { connectorId: 'Office365', dataTypes: ['OfficeActivity'] },
  risk_detections: { connectorId: 'AzureActiveDirectoryIdentityProtection', dataTypes: ['AADUserRiskEvents'] },
  graph_activity: { connectorId: 'AzureActiveDirectory', dataTypes: ['MicrosoftGraphActivityLogs'] },
  pim_alerts: undefined,
  // No Sentinel source is declared for these yet (compile/kql/sentinel-sources.ts): rules on them are reported.
  risk_events: undefined,
  provisioning: undefined,
  network_access: undefined,
  azure_activity: { connectorId: 'AzureActivity', dataTypes: ['AzureActivity'] },
  ms_alerts: undefined,
  ms_alert_evidence: undefined,
};

/** ATT&CK tags (`attack.credential-access`, `attack.t1110.003`) as Sentinel tactics and parent techniques. */
export function attackOf(tags: readonly string[]): { tactics: string[]; techniques: string[] } {
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const tag of tags) {
    const m = /^attack\.(.+)$/i.exec(tag);
    if (!m) continue;
    const value = (m[1] as string).toLowerCase();
    const technique = /^t(\d{4})(\.\d{3})?$/.exec(value);
    if (technique) techniques.add(`T${technique[1]}`);
    else {
      const tactic = value
        .split(/[-_]/)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('');
      if (TACTICS.has(tactic)) tactics.add(tactic);
    }
  }
  return { tactics: [...tactics], techniques: [...techniques].sort() };
}

/** Sentinel wants a GUID: the rule's own id when it is one, else one derived from it (stable across exports). */
export function ruleGuid(id: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return id.toLowerCase();
  const h = createHash('sha256').update(`premortem-rule:${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** ISO 8601 duration for Sentinel (PT1H, P14D). */
function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `P${ms / 86_400_000}D`;
  if (ms % 3_600_000 === 0) return `PT${ms / 3_600_000}H`;
  return `PT${Math.ceil(ms / 60_000)}M`;
}

/**
 * A Microsoft Sentinel scheduled analytic rule (the YAML format of Azure-Sentinel's Detections folder) whose query
 * is the compiled KQL: it alerts when the query returns any row. premortem's notes on the query travel inside it as
 * comments (Sentinel's rule schema has no field for them).
 */
export function sentinelRuleYaml(compiled: CompiledKql): string {
  const { rule } = compiled;
  const { tactics, techniques } = attackOf(rule.meta.tags);
  const period = Math.min(SENTINEL_MAX_PERIOD_MS, QUERY_FREQUENCY_MS + compiled.lookbackMs);
  const connectors = new Map<string, Set<string>>();
  for (const t of compiled.tables) {
    const c = CONNECTORS[t];
    if (c) connectors.set(c.connectorId, new Set([...(connectors.get(c.connectorId) ?? []), ...c.dataTypes]));
  }
  const entityMappings = [
    ...(compiled.entities.account
      ? [{ entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: compiled.entities.account }] }]
      : []),
    ...(compiled.entities.ip
      ? [{ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: compiled.entities.ip }] }]
      : []),
  ];
  const doc = {
    id: ruleGuid(compiled.ruleId),
    name: rule.meta.title,
    description: (rule.meta.description ?? rule.meta.title).trim(),
    severity: SEVERITY[rule.meta.level ?? 'medium'],
    requiredDataConnectors: [...connectors].map(([connectorId, types]) => ({ connectorId, dataTypes: [...types] })),
    queryFrequency: duration(QUERY_FREQUENCY_MS),
    queryPeriod: duration(period),
    triggerOperator: 'gt',
    triggerThreshold: 0,
    tactics,
    relevantTechniques: techniques,
    query: compiled.query,
    ...(entityMappings.length > 0 ? { entityMappings } : {}),
    version: '1.0.0',
    kind: 'Scheduled',
  };
  return stringify(doc, { lineWidth: 0 });
}
