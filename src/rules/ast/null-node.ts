/** `field: null`: the field is absent or empty in the record. */
export interface NullNode {
  readonly kind: 'null';
  readonly field: string;
}

/** A frozen null node. */
export function nullNode(field: string): NullNode {
  return Object.freeze({ kind: 'null', field });
}
