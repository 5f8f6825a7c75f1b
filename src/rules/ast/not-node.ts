import type { PredicateNode } from './predicate-node.js';

/** The operand does not hold; a missing field counts as "does not hold" (Sigma semantics, not SQL's NULL). */
export interface NotNode {
  readonly kind: 'not';
  readonly operand: PredicateNode;
}

/** A frozen NOT node. */
export function notNode(operand: PredicateNode): NotNode {
  return Object.freeze({ kind: 'not', operand });
}
