import { literalSigmaString, type SigmaString } from './sigma-string.js';

/**
 * A field equals a string pattern. `contains`/`startswith`/`endswith` are already folded into the pattern's
 * wildcards; matching is case-insensitive unless the rule said `|cased`.
 */
export interface StringMatchNode {
  readonly kind: 'string-match';
  readonly field: string;
  readonly pattern: SigmaString;
  readonly cased: boolean;
  /**
   * Set for a `|expand` value (`%name%`): the value as written and the field's other modifiers. The field-mapping
   * pipeline replaces the node by the predicate of the placeholder's values (pipeline.ts); the compiler never sees
   * it. The pattern meanwhile holds the value as written.
   */
  readonly expand?: { readonly value: string; readonly modifiers: readonly string[] };
}

/** A frozen string-match node. */
export function stringMatchNode(field: string, pattern: SigmaString, cased = false): StringMatchNode {
  return Object.freeze({ kind: 'string-match', field, pattern, cased });
}

/** A frozen `|expand` node: a value with a placeholder, resolved by the field-mapping pipeline. */
export function placeholderNode(field: string, value: string, modifiers: readonly string[]): StringMatchNode {
  return Object.freeze({
    kind: 'string-match',
    field,
    pattern: literalSigmaString(value),
    cased: false,
    expand: Object.freeze({ value, modifiers: Object.freeze([...modifiers]) }),
  });
}
