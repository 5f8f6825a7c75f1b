/** `field|re`: an unanchored regular expression (RE2 syntax), case-sensitive unless `|re|i`. */
export interface RegexFlags {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
}

/** A regular-expression match on one field. */
export interface RegexNode {
  readonly kind: 'regex';
  readonly field: string;
  readonly pattern: string;
  readonly flags: RegexFlags;
}

/** A frozen regex node. */
export function regexNode(field: string, pattern: string, flags: RegexFlags): RegexNode {
  return Object.freeze({ kind: 'regex', field, pattern, flags: Object.freeze({ ...flags }) });
}
