/** A field equals a YAML boolean (`IsInteractive: false`). */
export interface BooleanMatchNode {
  readonly kind: 'boolean-match';
  readonly field: string;
  readonly value: boolean;
}

/** A frozen boolean-match node. */
export function booleanMatchNode(field: string, value: boolean): BooleanMatchNode {
  return Object.freeze({ kind: 'boolean-match', field, value });
}
