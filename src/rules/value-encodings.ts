/** Value transformations of Sigma's string modifiers (windash, base64, base64offset). */

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
// A dash-like character that starts a command-line flag: at the start or after a non-word character, before a
// word character (" -enc", "/c").
const FLAG_DASH = /(^|[^\w])([-/\u2013\u2014\u2015])(?=\w)/g;
/** More variants than this is a rule mistake, not a detection (5 flags already give 3,125 values). */
export const MAX_WINDASH_VARIANTS = 625;

/** Every spelling of the flags in a value with -, /, en dash, em dash and horizontal bar. */
export function windashVariants(value: string): string[] | undefined {
  const positions: number[] = [];
  for (const m of value.matchAll(FLAG_DASH)) positions.push((m.index ?? 0) + (m[1] ?? '').length);
  if (DASHES.length ** positions.length > MAX_WINDASH_VARIANTS) return undefined;
  let variants = [value];
  for (const pos of positions) {
    variants = variants.flatMap((v) => DASHES.map((d) => v.slice(0, pos) + d + v.slice(pos + 1)));
  }
  return [...new Set(variants)];
}

/** Standard base64 of the UTF-8 bytes (the `|base64` modifier). */
export function base64(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

const OFFSET_START = [0, 2, 3] as const;
const OFFSET_END_TRIM = [0, 3, 2] as const;

/**
 * The three encodings of a value as it may appear inside a longer base64 text, shifted by zero, one and two bytes,
 * with the characters that depend on the surrounding bytes cut off.
 */
/** Standard base64 of the UTF-8 bytes (the `|base64` modifier). */
export function base64OffsetVariants(value: string): string[] {
  const length = Buffer.byteLength(value, 'utf8');
  return [0, 1, 2].map((shift) => {
    const encoded = base64(' '.repeat(shift) + value);
    const trim = OFFSET_END_TRIM[(length + shift) % 3] ?? 0;
    return encoded.slice(OFFSET_START[shift], trim === 0 ? undefined : -trim);
  });
}
