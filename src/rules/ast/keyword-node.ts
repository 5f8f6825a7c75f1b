import type { SigmaString } from './sigma-string.js';

/**
 * A keyword (a search identifier that is a plain list): matches anywhere in the record. Pipelines turn it into
 * string matches over the table's text columns; a compiler never sees one.
 */
export interface KeywordNode {
  readonly kind: 'keyword';
  readonly pattern: SigmaString;
}

/** A frozen keyword node. */
export function keywordNode(pattern: SigmaString): KeywordNode {
  return Object.freeze({ kind: 'keyword', pattern });
}
