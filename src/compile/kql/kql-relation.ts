import { PremortemError } from '../../core/errors.js';
import { type CorrelationRule, type DetectionRule, type Rule, ruleLabel } from '../../rules/model.js';
import type { PipelineSet } from '../../rules/pipeline.js';
import type { RuleSet } from '../../rules/rule-set.js';
import { RULE_TABLES, type RuleTable } from '../../rules/rule-tables.js';
import { aliased, correlatedFields } from '../relation.js';
import { correlationKql } from './kql-correlation.js';
import type { KqlPlan } from './kql-plan.js';
import { predicateKql } from './kql-predicate.js';
import { Projection } from './kql-projection.js';
import { kqlString } from './kql-text.js';
import { idColumn, SENTINEL_SOURCES } from './sentinel-sources.js';

/** The rules and pipelines a KQL compilation resolves references and field names against. */
export interface KqlEnv {
  readonly ruleSet: RuleSet;
  readonly pipelines: PipelineSet;
}

/** The columns a top-level single-event rule shows (and Sentinel maps to entities), per rule table. */
export const ENTITY_COLUMNS: Record<RuleTable, readonly string[]> = {
  signins: ['user_principal_name', 'ip_address', 'app_display_name', 'app_id'],
  audits: ['initiator_upn', 'initiator_ip', 'initiator_display_name', 'target_upn', 'target_display_name'],
  activities: ['user_id', 'client_ip', 'operation'],
  risk_detections: ['user_principal_name', 'ip_address', 'risk_event_type'],
  pim_alerts: [],
  graph_activity: ['user_id', 'ip_address', 'app_id', 'request_uri'],
  risk_events: ['user_principal_name', 'service_principal_id', 'ip_address', 'risk_event_type'],
  provisioning: ['initiator_display_name', 'service_principal_id', 'target_identity_name'],
  network_access: ['user_principal_name', 'source_ip', 'destination_fqdn'],
  azure_activity: ['caller', 'caller_ip', 'operation_name', 'resource_id'],
  ms_alerts: ['title', 'product', 'severity'],
  ms_alert_evidence: ['account_upn', 'remote_ip', 'title'],
};

/**
 * Adds the let statements that yield a rule's matching events and returns the name of the last one: columns
 * `tbl, uid, ts` and `f0…fn`, the requested fields as text (what an outer correlation groups or counts by), as
 * relation() does for SQL; a correlation adds `episode` and its group columns `g0…`. A top-level detection also
 * keeps the columns its predicate read and its table's entity columns.
 */
export function kqlRelation(plan: KqlPlan, env: KqlEnv, rule: Rule, requests: readonly string[], top = false): string {
  return rule.type === 'detection'
    ? detectionRelation(plan, env, rule, requests, top)
    : correlationRelation(plan, env, rule, requests);
}

function detectionRelation(
  plan: KqlPlan,
  env: KqlEnv,
  rule: DetectionRule,
  requests: readonly string[],
  top: boolean,
): string {
  const label = ruleLabel(rule);
  const mapped = env.pipelines.apply(rule);
  const sources = SENTINEL_SOURCES[mapped.table];
  if (!sources) {
    throw new PremortemError('rule-unsupported', `KQL: ${mapped.table} has no Sentinel table`, {
      source: { rule: label, file: rule.origin.file, line: rule.origin.line },
    });
  }
  plan.tables.add(mapped.table);
  const projection = new Projection(mapped.table, label);
  const where = predicateKql(mapped.predicate, { column: (f) => projection.column(f), rule: label });
  const fields = requests.map((f, i) => `f${i} = tostring(${projection.column(env.pipelines.column(rule, f)).name})`);
  if (top) for (const c of ENTITY_COLUMNS[mapped.table]) projection.column(c);
  const time = RULE_TABLES[mapped.table].timeColumn;
  const branches = sources.map((s) => {
    const columns = [
      `tbl = ${kqlString(mapped.table)}`,
      `uid = ${idColumn(s.table)}`,
      `ts = ${s.column(time) ?? 'TimeGenerated'}`,
      ...projection.columns(s),
    ];
    return [
      s.table,
      `| project ${columns.join(',\n    ')}`,
      `| where ${where}`,
      ...(fields.length > 0 ? [`| extend ${fields.join(', ')}`] : []),
      ...(top ? [] : [`| project ${['tbl', 'uid', 'ts', ...requests.map((_, i) => `f${i}`)].join(', ')}`]),
    ].join('\n');
  });
  // isfuzzy: a workspace that does not collect one of the tables (managed-identity sign-ins are a separate
  // diagnostic setting) still runs the query over the others, instead of failing to resolve the table.
  const body =
    branches.length === 1
      ? (branches[0] as string)
      : `union isfuzzy=true\n${branches.map((b) => `(${b.replace(/\n/g, '\n ')})`).join(',\n')}`;
  return plan.add(body);
}

function correlationRelation(plan: KqlPlan, env: KqlEnv, rule: CorrelationRule, requests: readonly string[]): string {
  const c = rule.correlation;
  const counted = correlatedFields(rule);
  const selects = env.ruleSet.referenced(rule).map((ref, ri) => {
    const fields = [...c.groupBy, ...counted].map((f) => aliased(rule, ref, f));
    const source = kqlRelation(plan, env, ref, [...fields, ...requests]);
    const columns = [
      `ri = ${ri}`,
      'tbl',
      'uid',
      'ts',
      ...c.groupBy.map((_, i) => `g${i} = f${i}`),
      ...counted.map(() => `v = f${c.groupBy.length}`),
      ...requests.map((_, i) => `x${i} = f${c.groupBy.length + counted.length + i}`),
    ];
    return `${source} | project ${columns.join(', ')}`;
  });
  const all = plan.add(
    selects.length === 1 ? (selects[0] as string) : `union\n${selects.map((s) => `(${s})`).join(',\n')}`,
  );
  return correlationKql(plan, rule, all, requests.length);
}
