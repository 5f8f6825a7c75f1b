/** `field|fieldref: other`: the field equals another field of the same record. */
export interface FieldRefNode {
  readonly kind: 'field-ref';
  readonly field: string;
  readonly other: string;
}

/** A frozen field-ref node. */
export function fieldRefNode(field: string, other: string): FieldRefNode {
  return Object.freeze({ kind: 'field-ref', field, other });
}
