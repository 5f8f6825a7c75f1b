import type { AndNode } from './and-node.js';
import type { BooleanMatchNode } from './boolean-match-node.js';
import type { CidrNode } from './cidr-node.js';
import type { CompareNode } from './compare-node.js';
import type { ExistsNode } from './exists-node.js';
import type { FieldRefNode } from './field-ref-node.js';
import type { KeywordNode } from './keyword-node.js';
import type { NotNode } from './not-node.js';
import type { NullNode } from './null-node.js';
import type { NumberMatchNode } from './number-match-node.js';
import type { OrNode } from './or-node.js';
import type { RegexNode } from './regex-node.js';
import type { StringMatchNode } from './string-match-node.js';

/** What a rule's detection means once its condition is resolved: a boolean tree over record fields. */
export type PredicateNode =
  | AndNode
  | OrNode
  | NotNode
  | StringMatchNode
  | NumberMatchNode
  | BooleanMatchNode
  | CompareNode
  | NullNode
  | ExistsNode
  | RegexNode
  | CidrNode
  | FieldRefNode
  | KeywordNode;

/** Every kind of predicate node. */
export type PredicateKind = PredicateNode['kind'];

/**
 * One handler per node kind. Adding a kind to PredicateNode breaks the build of every visitor until it handles
 * the new kind: no compiler can silently ignore a construct.
 */
export type PredicateVisitor<R> = {
  readonly [K in PredicateKind]: (node: Extract<PredicateNode, { kind: K }>) => R;
};

/** Dispatches a node to the visitor handler of its kind. */
export function visitPredicate<R>(node: PredicateNode, visitor: PredicateVisitor<R>): R {
  const handler = visitor[node.kind] as (n: PredicateNode) => R;
  return handler(node);
}

/** Nodes that test one field (every kind but the logical ones and keywords). */
export type FieldNode = Exclude<PredicateNode, AndNode | OrNode | NotNode | KeywordNode>;

/** Whether a node tests a single field. */
export function isFieldNode(node: PredicateNode): node is FieldNode {
  return node.kind !== 'and' && node.kind !== 'or' && node.kind !== 'not' && node.kind !== 'keyword';
}
