import type { PredicateNode } from './predicate-node.js';

/** Every operand holds (a search identifier's map, `|all`, `and`, `all of`). */
export interface AndNode {
  readonly kind: 'and';
  readonly operands: readonly PredicateNode[];
}

/** A frozen AND node. */
export function andNode(operands: readonly PredicateNode[]): AndNode {
  return Object.freeze({ kind: 'and', operands: Object.freeze([...operands]) });
}
