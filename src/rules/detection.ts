import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { PremortemError } from '../core/errors.js';
import { andNode } from './ast/and-node.js';
import { type ConditionNode, conditionOr } from './ast/condition-node.js';
import { keywordNode } from './ast/keyword-node.js';
import { orNode } from './ast/or-node.js';
import type { PredicateNode } from './ast/predicate-node.js';
import { parseSigmaString } from './ast/sigma-string.js';
import { ConditionError, parseCondition } from './condition-parser.js';
import type { RuleOrigin, Search } from './model.js';
import { resolveCondition } from './resolve-condition.js';
import { fieldPredicate, ModifierError, type ScalarValue } from './value-modifiers.js';
import { errorAt, sourceOf, type YamlDocument } from './yaml-source.js';

/** A detection section, parsed: its searches, its condition, and both resolved into one predicate. */
export interface ParsedDetection {
  readonly searches: ReadonlyMap<string, Search>;
  readonly condition: ConditionNode;
  readonly predicate: PredicateNode;
}

type Fail = (
  at: Node | undefined,
  message: string,
  extra?: { field?: string; offset?: number; unsupported?: boolean },
) => PremortemError;

function scalarValue(node: unknown, fail: Fail): ScalarValue {
  if (!isScalar(node)) throw fail(node as Node, 'expected a single value (string, number, boolean or null)');
  const v = node.value;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw fail(node, `unsupported value type ${typeof v}`);
}

function fieldEntry(pair: Pair, fail: Fail): PredicateNode {
  const keyNode = pair.key as Node;
  if (!isScalar(keyNode) || typeof keyNode.value !== 'string') throw fail(keyNode, 'a field name must be a string');
  const [field = '', ...modifiers] = keyNode.value.split('|');
  if (field === '') {
    throw fail(keyNode, 'keyword searches with modifiers ("|modifier" with no field) are not supported', {
      unsupported: true,
    });
  }
  const valueNode = pair.value as Node | null;
  const items: Node[] = isSeq(valueNode) ? (valueNode.items as Node[]) : [valueNode as Node];
  if (isSeq(valueNode) && items.length === 0)
    throw fail(valueNode, `field ${field} has an empty value list`, { field });
  if (isMap(valueNode)) throw fail(valueNode, `field ${field}: a value cannot be a map`, { field });
  const values = items.map((n) => (n === null ? null : scalarValue(n, fail)));
  try {
    return fieldPredicate(field, modifiers, values);
  } catch (err) {
    if (!(err instanceof ModifierError)) throw err;
    const at = err.valueIndex === undefined ? keyNode : (items[err.valueIndex] ?? keyNode);
    throw fail(at, `field ${keyNode.value}: ${err.message}`, { field, unsupported: err.code === 'rule-unsupported' });
  }
}

function mapSearch(map: YAMLMap, fail: Fail): PredicateNode {
  const entries = map.items.map((pair) => fieldEntry(pair as Pair, fail));
  if (entries.length === 0) throw fail(map, 'a search identifier cannot be an empty map');
  return entries.length === 1 ? (entries[0] as PredicateNode) : andNode(entries);
}

function searchPredicate(node: Node | null, fail: Fail): PredicateNode {
  if (isMap(node)) return mapSearch(node, fail);
  if (isSeq(node)) {
    const items = node.items as Node[];
    if (items.length === 0) throw fail(node, 'a search identifier cannot be an empty list');
    if (items.every((i) => isMap(i))) {
      const alternatives = items.map((i) => mapSearch(i as YAMLMap, fail));
      return alternatives.length === 1 ? (alternatives[0] as PredicateNode) : orNode(alternatives);
    }
    if (items.some((i) => isMap(i))) throw fail(node, 'a list mixes maps and plain values');
    const words = items.map((i) => {
      const v = scalarValue(i, fail);
      if (v === null) throw fail(i, 'a keyword cannot be null');
      return keywordNode(parseSigmaString(String(v)));
    });
    return words.length === 1 ? (words[0] as PredicateNode) : orNode(words);
  }
  if (isScalar(node) && node.value !== null) {
    return keywordNode(parseSigmaString(String(node.value)));
  }
  throw fail(node ?? undefined, 'a search identifier must be a map, a list of maps or a list of keywords');
}

function conditionText(node: Node | null, fail: Fail): { text: string; node: Node }[] {
  if (isScalar(node) && typeof node.value === 'string') return [{ text: node.value, node }];
  if (isSeq(node) && node.items.length > 0) {
    return (node.items as Node[]).map((n) => {
      if (!isScalar(n) || typeof n.value !== 'string') throw fail(n, 'a condition must be a string');
      return { text: n.value, node: n };
    });
  }
  throw fail(node ?? undefined, 'detection.condition must be a string (or a list of strings)');
}

/**
 * Parses a `detection` map: every key but `condition` is a search identifier; the condition is parsed and
 * resolved against them. Errors carry the line and column of the offending key, value or condition token.
 */
export function parseDetection(d: YamlDocument, detection: Node, ruleName: string): ParsedDetection {
  const fail: Fail = (at, message, extra = {}) =>
    errorAt(extra.unsupported ? 'rule-unsupported' : 'rule-invalid', d, at, message, {
      rule: ruleName,
      ...(extra.field === undefined ? {} : { field: extra.field }),
      ...(extra.offset === undefined ? {} : { offset: extra.offset }),
    });
  if (!isMap(detection)) throw fail(detection, 'detection must be a map of search identifiers and a condition');
  const searches = new Map<string, Search>();
  let conditionNode: Node | null | undefined;
  for (const pair of detection.items) {
    if (!isPair(pair) || !isScalar(pair.key)) throw fail(detection, 'detection keys must be names');
    const key = String(pair.key.value);
    const value = pair.value as Node | null;
    if (key === 'condition') {
      conditionNode = value;
      continue;
    }
    if (key === 'timeframe') {
      throw fail(
        pair.key as Node,
        'detection.timeframe belongs to the old aggregation syntax; write a correlation rule',
        {
          unsupported: true,
        },
      );
    }
    const pos = sourceOf(d, pair.key as Node);
    const origin: RuleOrigin = { file: d.file, document: d.index, line: pos.line ?? 0, column: pos.column ?? 0 };
    searches.set(key, { name: key, predicate: searchPredicate(value, fail), origin });
  }
  if (conditionNode === undefined) throw fail(detection, 'detection has no condition', { field: 'condition' });
  const predicates = new Map([...searches].map(([k, s]) => [k, s.predicate]));
  const parsed = conditionText(conditionNode, fail).map(({ text, node }) => {
    try {
      const condition = parseCondition(text);
      return { condition, predicate: resolveCondition(condition, predicates) };
    } catch (err) {
      if (!(err instanceof ConditionError)) throw err;
      throw fail(node, `condition: ${err.message}`, {
        field: 'condition',
        offset: err.offset,
        unsupported: err.code === 'rule-unsupported',
      });
    }
  });
  // Several conditions in a list are alternatives (Sigma v1 style, still accepted by Sigma v2 tools).
  const first = parsed[0] as { condition: ConditionNode; predicate: PredicateNode };
  if (parsed.length === 1) return { searches, ...first };
  return {
    searches,
    condition: conditionOr(parsed.map((p) => p.condition)),
    predicate: orNode(parsed.map((p) => p.predicate)),
  };
}
