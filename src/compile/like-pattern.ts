import type { SigmaString } from '../rules/ast/sigma-string.js';

/** The ESCAPE clause that goes with likePattern(). */
export const LIKE_ESCAPE = "ESCAPE '\\'";

/**
 * A Sigma pattern as a LIKE pattern: `*` -> `%`, `?` -> `_`, and the literal `%`, `_` and `\` of the value escaped
 * with a backslash, so that "50%_off" in a rule matches only that text.
 */
export function likePattern(pattern: SigmaString): string {
  return pattern.parts
    .map((p) => (p.kind === 'any' ? '%' : p.kind === 'one' ? '_' : p.text.replace(/[\\%_]/g, (m) => `\\${m}`)))
    .join('');
}
