/** `field|exists: true|false`. */
export interface ExistsNode {
  readonly kind: 'exists';
  readonly field: string;
  readonly exists: boolean;
}

/** A frozen exists node. */
export function existsNode(field: string, exists: boolean): ExistsNode {
  return Object.freeze({ kind: 'exists', field, exists });
}
