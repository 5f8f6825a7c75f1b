import type { PredicateNode } from './predicate-node.js';

/** At least one operand holds (a value list, a list of maps, `or`, `1 of`). */
export interface OrNode {
  readonly kind: 'or';
  readonly operands: readonly PredicateNode[];
}

/** A frozen OR node. */
export function orNode(operands: readonly PredicateNode[]): OrNode {
  return Object.freeze({ kind: 'or', operands: Object.freeze([...operands]) });
}
