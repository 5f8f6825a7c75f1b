/** The numeric comparison modifiers. */
export type CompareOperator = 'gt' | 'gte' | 'lt' | 'lte';

/** A numeric comparison: the `|gt`, `|gte`, `|lt`, `|lte` modifiers. */
export interface CompareNode {
  readonly kind: 'compare';
  readonly field: string;
  readonly operator: CompareOperator;
  readonly value: number;
}

/** A frozen compare node. */
export function compareNode(field: string, operator: CompareOperator, value: number): CompareNode {
  return Object.freeze({ kind: 'compare', field, operator, value });
}
