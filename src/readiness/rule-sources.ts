/**
 * Which sources a rule needs to see anything. A detection rule reads one table (its logsource, through the
 * field-mapping pipelines); it narrows to some sources when its condition requires them: `event_type` values for
 * sign-ins (interactiveUser, ...), `operation` MailItemsAccessed for the unified audit log. SigmaHQ's log sources
 * narrow too: azure/noninteractivesigninlogs reads only non-interactive sign-ins. A correlation needs every rule it
 * references (a temporal chain of sign-ins then audits is blind without either).
 * Only positive matches narrow: "not event_type = servicePrincipal" leaves all sign-in kinds possible.
 */
import { PremortemError } from '../core/errors.js';
import { type PredicateNode, plainText, visitPredicate } from '../rules/ast/index.js';
import { type Rule, ruleId } from '../rules/model.js';
import type { PipelineSet } from '../rules/pipeline.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { RuleTable } from '../rules/rule-tables.js';
import type { SourceId } from './sources.js';

/** A requirement: every group needs at least one of its sources sent. */
export type SourceRequirement = readonly (readonly SourceId[])[];

const SIGNIN_KIND: Record<string, SourceId> = {
  interactiveuser: 'signins:interactive',
  noninteractiveuser: 'signins:non-interactive',
  serviceprincipal: 'signins:service-principal',
  managedidentity: 'signins:managed-identity',
};
const ALL_SIGNINS: readonly SourceId[] = Object.values(SIGNIN_KIND);

// SigmaHQ / Log Analytics table names that are one kind of sign-in (reference/azure_monitor_diag_shape.md).
const LOGSOURCE_KIND: Record<string, SourceId> = {
  signinlogs: 'signins:interactive',
  noninteractivesigninlogs: 'signins:non-interactive',
  noninteractiveusersigninlogs: 'signins:non-interactive',
  serviceprincipalsigninlogs: 'signins:service-principal',
  managedidentitysigninlogs: 'signins:managed-identity',
};

/** The literal values a predicate requires of a column (positive string matches only), lower-cased. */
export function requiredValues(node: PredicateNode, column: string): string[] {
  const out: string[] = [];
  const walk = (n: PredicateNode, negated: boolean): void =>
    visitPredicate<void>(n, {
      and: (x) => {
        for (const o of x.operands) walk(o, negated);
      },
      or: (x) => {
        for (const o of x.operands) walk(o, negated);
      },
      not: (x) => walk(x.operand, !negated),
      'string-match': (x) => {
        if (negated || x.field !== column) return;
        const text = plainText(x.pattern);
        if (text !== undefined) out.push(text.toLowerCase());
      },
      'number-match': () => undefined,
      'boolean-match': () => undefined,
      compare: () => undefined,
      null: () => undefined,
      exists: () => undefined,
      regex: () => undefined,
      cidr: () => undefined,
      'field-ref': () => undefined,
      keyword: () => undefined,
    });
  walk(node, false);
  return out;
}

/** Every literal string a predicate compares against (any column, positive or not), lower-cased. */
export function literals(node: PredicateNode): string[] {
  const out: string[] = [];
  const walk = (n: PredicateNode): void =>
    visitPredicate<void>(n, {
      and: (x) => x.operands.forEach(walk),
      or: (x) => x.operands.forEach(walk),
      not: (x) => walk(x.operand),
      'string-match': (x) => {
        // Each literal run between wildcards counts: "*MailItemsAccessed*" matches the value mailitemsaccessed.
        for (const p of x.pattern.parts)
          if (p.kind === 'text' && p.text.trim() !== '') out.push(p.text.trim().toLowerCase());
      },
      'number-match': (x) => {
        out.push(String(x.value));
      },
      'boolean-match': () => undefined,
      compare: () => undefined,
      null: () => undefined,
      exists: () => undefined,
      regex: () => undefined,
      cidr: () => undefined,
      'field-ref': () => undefined,
      keyword: () => undefined,
    });
  walk(node);
  return out;
}

/** Tables that are one source each, whatever the rule matches in them. */
const TABLE_SOURCE: Partial<Record<RuleTable, SourceId>> = {
  risk_events: 'risk-detections',
  graph_activity: 'graph-activity',
  provisioning: 'provisioning',
  network_access: 'network-access',
  azure_activity: 'azure-activity',
  ms_alerts: 'microsoft-alerts',
  ms_alert_evidence: 'microsoft-alerts',
};

/** The sources one mapped detection (table + canonical predicate) can see. */
export function detectionSources(table: RuleTable, predicate: PredicateNode, service: string | undefined): SourceId[] {
  if (table === 'audits') return ['audits'];
  if (table === 'risk_detections') return ['risk-detections'];
  if (table === 'pim_alerts') return ['pim-alerts'];
  const own = TABLE_SOURCE[table];
  if (own) return [own];
  if (table === 'activities') {
    const ops = requiredValues(predicate, 'operation_key').concat(requiredValues(predicate, 'operation'));
    return ops.length > 0 && ops.every((o) => o === 'mailitemsaccessed') ? ['ual:mail-items-accessed'] : ['ual'];
  }
  const fromService = service === undefined ? undefined : LOGSOURCE_KIND[service.toLowerCase()];
  if (fromService) return [fromService];
  const kinds = requiredValues(predicate, 'event_type')
    .map((v) => SIGNIN_KIND[v])
    .filter((k): k is SourceId => k !== undefined);
  return kinds.length > 0 ? [...new Set(kinds)] : [...ALL_SIGNINS];
}

/** What readiness knows of one enabled rule. */
export interface RuleProfile {
  readonly id: string;
  readonly name: string | undefined;
  readonly title: string;
  readonly tags: readonly string[];
  /** Every group must have a sent source for the rule to see anything. */
  readonly requires: SourceRequirement;
  /** Literal values the rule (and the rules it builds on) match: lets the catalogue match e.g. riskEventTypes. */
  readonly literals: readonly string[];
}

/** A rule that could not be profiled (its log source maps to no table): it covers nothing, and says why. */
export interface RuleSkip {
  readonly id: string;
  readonly reason: string;
}

/**
 * Profiles of the rules that raise alerts (RuleSet.alerting: building blocks of a correlation count through it).
 * Rules with status deprecated or unsupported are not enabled.
 */
export function profileRules(rules: RuleSet, pipelines: PipelineSet): { profiles: RuleProfile[]; skipped: RuleSkip[] } {
  const profiles: RuleProfile[] = [];
  const skipped: RuleSkip[] = [];
  for (const rule of rules.alerting()) {
    const status = rule.meta.status?.toLowerCase();
    if (status === 'deprecated' || status === 'unsupported') {
      skipped.push({ id: ruleId(rule), reason: `status ${status}` });
      continue;
    }
    try {
      const requires: SourceId[][] = [];
      const lits: string[] = [];
      for (const dep of rules.closure(rule)) {
        if (dep.type !== 'detection') continue;
        const mapped = pipelines.apply(dep);
        requires.push(detectionSources(mapped.table, mapped.predicate, dep.logsource.service));
        lits.push(...literals(mapped.predicate), ...literals(dep.predicate));
      }
      profiles.push(profileOf(rule, requires, lits));
    } catch (err) {
      if (!(err instanceof PremortemError)) throw err;
      skipped.push({ id: ruleId(rule), reason: err.message });
    }
  }
  return { profiles, skipped };
}

function profileOf(rule: Rule, requires: SourceId[][], lits: string[]): RuleProfile {
  const seen = new Set<string>();
  const groups = requires.filter((g) => {
    const key = [...g].sort().join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    id: ruleId(rule),
    name: rule.meta.name,
    title: rule.meta.title,
    tags: rule.meta.tags.map((t) => t.toLowerCase()),
    requires: groups,
    literals: [...new Set(lits)],
  };
}
