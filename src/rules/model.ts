import type { Severity } from '../core/severity.js';
import type { ConditionNode } from './ast/condition-node.js';
import type { PredicateNode } from './ast/predicate-node.js';

/** Where a rule was read from: enough to point a person at it. */
export interface RuleOrigin {
  readonly file: string;
  /** 0-based document index inside a multi-document file. */
  readonly document: number;
  readonly line: number;
  readonly column: number;
}

/** Sigma's descriptive fields, shared by detection and correlation rules. */
export interface RuleMeta {
  readonly title: string;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly status: string | undefined;
  readonly level: Severity | undefined;
  readonly description: string | undefined;
  readonly author: string | undefined;
  readonly date: string | undefined;
  readonly modified: string | undefined;
  readonly tags: readonly string[];
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
}

/** Sigma `logsource`: what pipelines match to pick a store table. */
export interface Logsource {
  readonly product: string | undefined;
  readonly service: string | undefined;
  readonly category: string | undefined;
}

/** A named search identifier of a detection, already turned into a predicate over Sigma field names. */
export interface Search {
  readonly name: string;
  readonly predicate: PredicateNode;
  readonly origin: RuleOrigin;
}

/** A Sigma detection rule: searches and a condition over one log source. */
export interface DetectionRule {
  readonly type: 'detection';
  readonly meta: RuleMeta;
  readonly logsource: Logsource;
  readonly searches: ReadonlyMap<string, Search>;
  readonly condition: ConditionNode;
  /** The condition with search identifiers and quantifiers resolved: what compilers translate. */
  readonly predicate: PredicateNode;
  readonly origin: RuleOrigin;
}

/**
 * Sigma correlation types (specification v2), and premortem's one extension, `new_value`: an event whose
 * `condition.field` value its group has not shown in the preceding timespan (a device, a country never seen for
 * the user). Sigma has no novelty correlation; Elastic calls this rule type "new terms".
 */
export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered' | 'new_value';
/** Criteria of a correlation condition. */
export type CountOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';

/** One criterion, e.g. gte 10. */
export interface CountCondition {
  readonly operator: CountOperator;
  readonly value: number;
}

/** A correlation section, parsed. */
export interface Correlation {
  readonly type: CorrelationType;
  /** References to other rules, by `name` or `id`, in the order written (the order matters for temporal_ordered). */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespan: string;
  readonly timespanMs: number;
  /** All criteria must hold (`gt: 100, lte: 200` is a range); empty for temporal without a condition. */
  readonly condition: readonly CountCondition[];
  /** The field whose distinct values value_count counts (new_value: the field whose new values it reports). */
  readonly field: string | undefined;
  /** alias -> referenced rule name -> field name in that rule's events. */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** A correlation section, parsed. */
/** A Sigma correlation rule over other rules (detections or correlations). */
export interface CorrelationRule {
  readonly type: 'correlation';
  readonly meta: RuleMeta;
  readonly correlation: Correlation;
  /** Whether the referenced rules also raise alerts of their own (Sigma `generate`). */
  readonly generate: boolean;
  readonly origin: RuleOrigin;
}

/** Any rule premortem loads. */
export type Rule = DetectionRule | CorrelationRule;

/** The identity of a rule in alerts: its `id`, else its `name`, else its place in a file. */
export function ruleId(rule: Rule): string {
  return rule.meta.id ?? rule.meta.name ?? `${rule.origin.file}#${rule.origin.document}`;
}

/** How a rule is named in messages: its name or id, and its title. */
export function ruleLabel(rule: Rule): string {
  const key = rule.meta.name ?? rule.meta.id;
  return key === undefined ? rule.meta.title : `${key} (${rule.meta.title})`;
}
