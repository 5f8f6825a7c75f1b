import { PremortemError } from '../../core/errors.js';

/** Control characters other than tab, line feed and carriage return. */
function isUnescapable(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') || code === 0x7f;
}

/**
 * Rule values written into KQL text. A KQL query exported to Sentinel is a text artifact with no bound
 * parameters, so every value passes through this one writer: a double-quoted literal with `\` and `"` escaped and
 * line breaks and tabs as escapes. Other control characters have no escape KQL documents, so a value holding one is
 * refused rather than guessed.
 */
export function kqlString(value: string, rule?: string): string {
  if ([...value].some(isUnescapable)) {
    throw new PremortemError('rule-unsupported', 'a value holds a control character KQL has no escape for', {
      source: rule === undefined ? {} : { rule },
    });
  }
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

/** A KQL timespan literal for a whole number of milliseconds, in the largest exact unit (1h, 30d, 90s, 1500ms). */
export function kqlTimespan(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** A number as KQL writes it: integers as long literals, others as real literals. */
export function kqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new PremortemError('internal', `not a finite number: ${value}`);
  return Number.isInteger(value) ? String(value) : `real(${value})`;
}

/** An RE2 pattern's literal text: every metacharacter escaped. */
export function regexLiteral(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, (m) => `\\${m}`);
}
