/**
 * A detection's `condition` as written: logic over search identifiers. Offsets point into the condition text so
 * that errors can name the column.
 */
export interface ConditionAnd {
  readonly kind: 'and';
  readonly operands: readonly ConditionNode[];
}
/** Any operand holds. */
export interface ConditionOr {
  readonly kind: 'or';
  readonly operands: readonly ConditionNode[];
}
/** The operand does not hold. */
export interface ConditionNot {
  readonly kind: 'not';
  readonly operand: ConditionNode;
}
/** A search identifier by name. */
export interface ConditionIdentifier {
  readonly kind: 'identifier';
  readonly name: string;
  readonly offset: number;
}
/** `1 of sel_*`, `all of them`: `pattern` is undefined for `them`. */
export interface ConditionQuantifier {
  readonly kind: 'quantifier';
  readonly quantifier: 'one' | 'all';
  readonly pattern: string | undefined;
  readonly offset: number;
}

/** A node of a parsed condition. */
export type ConditionNode = ConditionAnd | ConditionOr | ConditionNot | ConditionIdentifier | ConditionQuantifier;

/** One handler per condition node kind (a new kind breaks every visitor until handled). */
export type ConditionVisitor<R> = {
  readonly [K in ConditionNode['kind']]: (node: Extract<ConditionNode, { kind: K }>) => R;
};

/** Dispatches a condition node to the visitor handler of its kind. */
export function visitCondition<R>(node: ConditionNode, visitor: ConditionVisitor<R>): R {
  const handler = visitor[node.kind] as (n: ConditionNode) => R;
  return handler(node);
}

/** Frozen condition node factories. */
export const conditionAnd = (operands: readonly ConditionNode[]): ConditionAnd =>
  Object.freeze({ kind: 'and', operands: Object.freeze([...operands]) });
export const conditionOr = (operands: readonly ConditionNode[]): ConditionOr =>
  Object.freeze({ kind: 'or', operands: Object.freeze([...operands]) });
export const conditionNot = (operand: ConditionNode): ConditionNot => Object.freeze({ kind: 'not', operand });
export const conditionIdentifier = (name: string, offset: number): ConditionIdentifier =>
  Object.freeze({ kind: 'identifier', name, offset });
export const conditionQuantifier = (
  quantifier: 'one' | 'all',
  pattern: string | undefined,
  offset: number,
): ConditionQuantifier => Object.freeze({ kind: 'quantifier', quantifier, pattern, offset });
