import type { SigmaString } from './sigma-string.js';

/**
 * A field equals a string pattern. `contains`/`startswith`/`endswith` are already folded into the pattern's
 * wildcards; matching is case-insensitive unless the rule said `|cased`.
 */
export interface StringMatchNode {
  readonly kind: 'string-match';
  readonly field: string;
  readonly pattern: SigmaString;
  readonly cased: boolean;
}

/** A frozen string-match node. */
export function stringMatchNode(field: string, pattern: SigmaString, cased = false): StringMatchNode {
  return Object.freeze({ kind: 'string-match', field, pattern, cased });
}
