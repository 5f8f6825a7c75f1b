/**
 * A Sigma string value after wildcard parsing: literal text interleaved with `*` (any run of characters) and
 * `?` (exactly one character). Sigma's escapes: `\*`, `\?` and `\\` are literals; a backslash before any other
 * character is itself a literal backslash (Sigma specification v2, "Escaping"), so Windows paths survive.
 */
export type StringPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'any' }
  | { readonly kind: 'one' };

/** A parsed Sigma string: frozen parts, adjacent text merged. */
export interface SigmaString {
  readonly parts: readonly StringPart[];
}

const ANY: StringPart = Object.freeze({ kind: 'any' });
const ONE: StringPart = Object.freeze({ kind: 'one' });

function build(parts: StringPart[]): SigmaString {
  // Adjacent text parts are merged so that equal values always have one shape (golden tests compare them).
  const merged: StringPart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') merged[merged.length - 1] = text(last.text + p.text);
    else if (p.kind !== 'text' || p.text !== '') merged.push(p);
  }
  return Object.freeze({ parts: Object.freeze(merged) });
}

function text(t: string): StringPart {
  return Object.freeze({ kind: 'text', text: t });
}

/** Parses a rule's string value, honouring Sigma's wildcards and escapes. */
export function parseSigmaString(raw: string): SigmaString {
  const parts: StringPart[] = [];
  let buf = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        buf += next;
        i++;
      } else buf += c;
    } else if (c === '*' || c === '?') {
      parts.push(text(buf), c === '*' ? ANY : ONE);
      buf = '';
    } else buf += c;
  }
  parts.push(text(buf));
  return build(parts);
}

/** A string with no wildcards at all (a number's text, an encoded value). */
export function literalSigmaString(value: string): SigmaString {
  return build([text(value)]);
}

/** Whether the string holds `*` or `?` wildcards. */
export function hasWildcards(s: SigmaString): boolean {
  return s.parts.some((p) => p.kind !== 'text');
}

/** The literal text, or undefined when the string holds wildcards. */
export function plainText(s: SigmaString): string | undefined {
  if (hasWildcards(s)) return undefined;
  return s.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
}

/** `contains` / `startswith` / `endswith` are wildcards added around the value (as in Sigma's own model). */
export function wrapSigmaString(s: SigmaString, leading: boolean, trailing: boolean): SigmaString {
  return build([...(leading ? [ANY] : []), ...s.parts, ...(trailing ? [ANY] : [])]);
}

/** Rewrites the literal text of every part, keeping wildcards (used for value normalisation by pipelines). */
export function mapSigmaText(s: SigmaString, fn: (text: string) => string): SigmaString {
  return build(s.parts.map((p) => (p.kind === 'text' ? text(fn(p.text)) : p)));
}

/** Back to Sigma notation, escapes included: for messages and test names. */
export function formatSigmaString(s: SigmaString): string {
  return s.parts
    .map((p) => (p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : p.text.replace(/[\\*?]/g, (m) => `\\${m}`)))
    .join('');
}
