import { PremortemError } from '../core/errors.js';
import { activityKey, EVENT_TABLES, type EventTable } from '../core/event-model.js';
import { andNode } from './ast/and-node.js';
import { notNode } from './ast/not-node.js';
import { orNode } from './ast/or-node.js';
import { type PredicateNode, visitPredicate } from './ast/predicate-node.js';
import { mapSigmaText, plainText, type SigmaString, wrapSigmaString } from './ast/sigma-string.js';
import { stringMatchNode } from './ast/string-match-node.js';
import { type DetectionRule, type Logsource, type Rule, ruleLabel } from './model.js';
import type { FieldMapping, Pipeline } from './pipeline-schema.js';

export { type FieldMapping, loadPipelines, type Pipeline, parsePipeline } from './pipeline-schema.js';

/** A detection rule made concrete for the store: its table, and its predicate over canonical columns. */
export interface MappedRule {
  readonly rule: DetectionRule;
  readonly table: EventTable;
  readonly pipeline: string;
  readonly predicate: PredicateNode;
}

/** A copy of a field node on another column, frozen like every node. */
function onColumn<T extends { readonly field: string }>(node: T, column: string): T {
  return Object.freeze({ ...node, field: column });
}

function same(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || a.toLowerCase() === (b ?? '').toLowerCase();
}

function unsupported(rule: Rule, message: string, field?: string, hint?: string): PremortemError {
  const source = {
    file: rule.origin.file,
    line: rule.origin.line,
    column: rule.origin.column,
    rule: ruleLabel(rule),
    ...(field === undefined ? {} : { field }),
  };
  return new PremortemError('rule-unsupported', message, hint === undefined ? { source } : { source, hint });
}

/** Sigma's activity-name values compared the way activity_key is built. Wildcard patterns keep their edges. */
function normaliseActivity(pattern: SigmaString): SigmaString {
  const text = plainText(pattern);
  if (text !== undefined) return mapSigmaText(pattern, () => activityKey(text));
  return mapSigmaText(pattern, (t) =>
    t
      .toLowerCase()
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\s+/g, ' '),
  );
}

/**
 * The field-mapping pipelines in force, applied pySigma-style before compilation: the compiler only ever sees
 * canonical column names. The first pipeline (by priority) whose logsource entry matches a rule maps it.
 */
export class PipelineSet {
  constructor(readonly pipelines: readonly Pipeline[]) {}

  /** The pipeline and table of a detection rule's logsource; rule-unsupported when none maps it. */
  tableFor(rule: DetectionRule): { pipeline: Pipeline; table: EventTable } {
    const ls: Logsource = rule.logsource;
    for (const pipeline of this.pipelines) {
      for (const m of pipeline.logsources) {
        if (same(m.product, ls.product) && same(m.service, ls.service) && same(m.category, ls.category)) {
          return { pipeline, table: m.table };
        }
      }
    }
    const shown = Object.entries(ls)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    throw unsupported(
      rule,
      `no pipeline maps logsource {${shown}} to a premortem table`,
      'logsource',
      'premortem reads Entra sign-in and audit logs: use product azure with service signinlogs or auditlogs',
    );
  }

  /** How a rule field maps in a table; rule-unsupported (naming the field) when it does not. */
  mapping(rule: DetectionRule, field: string): FieldMapping {
    const { pipeline, table } = this.tableFor(rule);
    const fields = pipeline.fields.get(table);
    const candidates = [field, field.replace(/^properties\./i, '')];
    for (const c of candidates) {
      const found = fields?.get(c.toLowerCase());
      if (found) return found;
      if (pipeline.canonical && EVENT_TABLES[table].columns.some((col) => col.name === c)) {
        return { columns: [c], value: undefined };
      }
    }
    throw unsupported(
      rule,
      `field "${field}" has no mapping to a ${table} column in pipeline ${pipeline.name}`,
      field,
      `add it to ${pipeline.file}, or use a canonical column name (src/core/event-model.ts)`,
    );
  }

  /** The one column a field maps to (group-by and counted fields need exactly one). */
  column(rule: DetectionRule, field: string): string {
    const m = this.mapping(rule, field);
    if (m.columns.length !== 1) {
      throw unsupported(
        rule,
        `field "${field}" maps to several columns (${m.columns.join(', ')}); a correlation needs one`,
        field,
      );
    }
    return m.columns[0] as string;
  }

  /** Rewrites a detection rule's predicate onto canonical columns. */
  apply(rule: DetectionRule): MappedRule {
    const { pipeline, table } = this.tableFor(rule);
    const each = (field: string, make: (column: string, m: FieldMapping) => PredicateNode): PredicateNode => {
      const m = this.mapping(rule, field);
      const nodes = m.columns.map((c) => make(c, m));
      return nodes.length === 1 ? (nodes[0] as PredicateNode) : orNode(nodes);
    };
    const map = (node: PredicateNode): PredicateNode =>
      visitPredicate<PredicateNode>(node, {
        and: (n) => andNode(n.operands.map(map)),
        or: (n) => orNode(n.operands.map(map)),
        not: (n) => notNode(map(n.operand)),
        'string-match': (n) =>
          each(n.field, (c, m) =>
            stringMatchNode(c, m.value === 'activity-key' ? normaliseActivity(n.pattern) : n.pattern, n.cased),
          ),
        'number-match': (n) => each(n.field, (c) => onColumn(n, c)),
        'boolean-match': (n) => each(n.field, (c) => onColumn(n, c)),
        compare: (n) => each(n.field, (c) => onColumn(n, c)),
        null: (n) => {
          // "field is empty" over several columns means all of them are.
          const m = this.mapping(rule, n.field);
          const nodes = m.columns.map((c): PredicateNode => onColumn(n, c));
          return nodes.length === 1 ? (nodes[0] as PredicateNode) : andNode(nodes);
        },
        exists: (n) => each(n.field, (c) => onColumn(n, c)),
        regex: (n) => each(n.field, (c) => onColumn(n, c)),
        cidr: (n) => each(n.field, (c) => onColumn(n, c)),
        'field-ref': (n) =>
          Object.freeze({ ...n, field: this.column(rule, n.field), other: this.column(rule, n.other) }),
        keyword: (n) => {
          const cols = pipeline.keywords.get(table) ?? [];
          if (cols.length === 0) {
            throw unsupported(rule, `keyword searches need keyword columns for ${table} in pipeline ${pipeline.name}`);
          }
          const pattern = wrapSigmaString(n.pattern, true, true);
          const nodes = cols.map((c) => stringMatchNode(c, pattern));
          return nodes.length === 1 ? (nodes[0] as PredicateNode) : orNode(nodes);
        },
      });
    return Object.freeze({ rule, table, pipeline: pipeline.name, predicate: map(rule.predicate) });
  }
}
