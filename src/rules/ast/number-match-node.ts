/** A field equals a number written as a YAML number (`EventID: 4625`). */
export interface NumberMatchNode {
  readonly kind: 'number-match';
  readonly field: string;
  readonly value: number;
}

/** A frozen number-match node. */
export function numberMatchNode(field: string, value: number): NumberMatchNode {
  return Object.freeze({ kind: 'number-match', field, value });
}
