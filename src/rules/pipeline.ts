import { PremortemError } from '../core/errors.js';
import { activityKey } from '../core/event-model.js';
import { andNode } from './ast/and-node.js';
import { notNode } from './ast/not-node.js';
import { orNode } from './ast/or-node.js';
import { type PredicateNode, visitPredicate } from './ast/predicate-node.js';
import { literalSigmaString, mapSigmaText, plainText, type SigmaString, wrapSigmaString } from './ast/sigma-string.js';
import { stringMatchNode } from './ast/string-match-node.js';
import { describeColumn } from './derived-columns.js';
import { type DetectionRule, type Logsource, type Rule, ruleLabel } from './model.js';
import type { FieldMapping, Pipeline } from './pipeline-schema.js';
import { BUILTIN_PLACEHOLDERS } from './placeholders.js';
import { RULE_TABLES, type RuleTable } from './rule-tables.js';
import { fieldPredicate, ModifierError, PLACEHOLDER } from './value-modifiers.js';

export { type FieldMapping, loadPipelines, type Pipeline, parsePipeline } from './pipeline-schema.js';

/** A detection rule made concrete for the store: its table, and its predicate over canonical columns. */
export interface MappedRule {
  readonly rule: DetectionRule;
  readonly table: RuleTable;
  readonly pipeline: string;
  readonly predicate: PredicateNode;
}

/** A derived (`@name`) or JSON (`column#Path`) column that resolves in the table. */
function isExtended(table: RuleTable, name: string): boolean {
  return (name.startsWith('@') || name.includes('#')) && describeColumn(table, name) !== undefined;
}

/** A copy of a field node on another column, frozen like every node. */
function onColumn<T extends { readonly field: string }>(node: T, column: string): T {
  return Object.freeze({ ...node, field: column });
}

function same(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || a.toLowerCase() === (b ?? '').toLowerCase();
}

/** Whether a predicate names a field (in any node that has one). */
function mentions(node: PredicateNode, field: string): boolean {
  if ('operands' in node) return node.operands.some((o) => mentions(o, field));
  if ('operand' in node) return mentions(node.operand, field);
  return 'field' in node && (node.field === field || ('other' in node && node.other === field));
}

/** Where a field is used: the line of the first search identifier that names it, else the rule's first line. */
function placeOf(rule: Rule, field: string | undefined): { line: number; column: number } {
  if (rule.type === 'detection' && field !== undefined) {
    for (const search of rule.searches.values()) {
      if (mentions(search.predicate, field)) return { line: search.origin.line, column: search.origin.column };
    }
  }
  return { line: rule.origin.line, column: rule.origin.column };
}

function unsupported(rule: Rule, message: string, field?: string, hint?: string): PremortemError {
  const source = {
    file: rule.origin.file,
    ...placeOf(rule, field),
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
 * A value searched for inside JSON text: exact "v" becomes the JSON string "v" anywhere in the text, written once
 * or escaped again (modifiedProperties old/new values are JSON inside JSON strings); contains/startswith/endswith
 * become contains, since the JSON around the value is unknown.
 */
function jsonTextPatterns(pattern: SigmaString): SigmaString[] {
  const jsonEscape = (t: string): string => JSON.stringify(t).slice(1, -1);
  const text = plainText(pattern);
  if (text !== undefined) {
    const once = JSON.stringify(text);
    return [once, jsonEscape(once)].map((t) => wrapSigmaString(literalSigmaString(t), true, true));
  }
  const plain = wrapSigmaString(pattern, true, true);
  const escaped = wrapSigmaString(mapSigmaText(pattern, jsonEscape), true, true);
  return JSON.stringify(plain) === JSON.stringify(escaped) ? [plain] : [plain, escaped];
}

/**
 * The field-mapping pipelines in force, applied pySigma-style before compilation: the compiler only ever sees
 * canonical column names. The first pipeline (by priority) whose logsource entry matches a rule maps it.
 */
export class PipelineSet {
  constructor(readonly pipelines: readonly Pipeline[]) {}

  /** The pipeline and table of a detection rule's logsource; rule-unsupported when none maps it. */
  tableFor(rule: DetectionRule): { pipeline: Pipeline; table: RuleTable } {
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
    for (const pipeline of this.pipelines) {
      const n = pipeline.notIngested.find(
        (m) => same(m.product, ls.product) && same(m.service, ls.service) && same(m.category, ls.category),
      );
      if (n) throw unsupported(rule, `log source not ingested: {${shown}}: ${n.reason}`, 'logsource');
    }
    throw unsupported(
      rule,
      `no pipeline maps logsource {${shown}} to a premortem table`,
      'logsource',
      'premortem reads Entra sign-in and audit logs, the unified audit log, risk detections and PIM alerts (see docs/rules.md)',
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
      // Canonical pipelines also accept derived names and JSON fields (column#Path) as written: premortem's rules.
      if (pipeline.canonical && (RULE_TABLES[table].columns.some((col) => col.name === c) || isExtended(table, c))) {
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
          n.expand !== undefined
            ? map(this.fill(rule, pipeline, n.field, n.expand))
            : each(n.field, (c, m) => {
                if (m.value === 'json-text') {
                  const nodes = jsonTextPatterns(n.pattern).map((p) => stringMatchNode(c, p, n.cased));
                  return nodes.length === 1 ? (nodes[0] as PredicateNode) : orNode(nodes);
                }
                return stringMatchNode(
                  c,
                  m.value === 'activity-key' ? normaliseActivity(n.pattern) : n.pattern,
                  n.cased,
                );
              }),
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

  /** A `|expand` value filled with its placeholder's values (the pipeline's `vars`, else the built-in ones). */
  private fill(
    rule: DetectionRule,
    pipeline: Pipeline,
    field: string,
    expand: { readonly value: string; readonly modifiers: readonly string[] },
  ): PredicateNode {
    const name = [...expand.value.matchAll(PLACEHOLDER)][0]?.[1] ?? '';
    const values = pipeline.vars.get(name) ?? BUILTIN_PLACEHOLDERS.get(name);
    if (values === undefined) {
      throw unsupported(
        rule,
        `placeholder %${name}% is not defined by pipeline ${pipeline.name}`,
        field,
        `define it under vars: in ${pipeline.file}; built in: ${[...BUILTIN_PLACEHOLDERS.keys()].map((k) => `%${k}%`).join(', ')}`,
      );
    }
    try {
      return fieldPredicate(
        field,
        expand.modifiers,
        values.map((v) => expand.value.replace(`%${name}%`, () => v)),
      );
    } catch (err) {
      if (!(err instanceof ModifierError)) throw err;
      throw unsupported(rule, `field ${field}: ${err.message}`, field);
    }
  }
}
