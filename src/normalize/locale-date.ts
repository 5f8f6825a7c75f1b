/**
 * Dates written in a locale's short format (Export-Csv of a PowerShell DateTime, portal downloads from a non-US
 * browser): "23/11/2026 14:05:09", "23.11.2026 14:05", "11/23/2026 2:05:09 PM". Whether "03/04/2026" is the 3rd
 * of April or the 4th of March cannot be told from the value: it is decided once per file, from the values that
 * can only be read one way (a first number above 12 proves day-first, a second above 12 proves month-first). A file
 * whose every such date is ambiguous is left undecided: its ambiguous dates are read month-first (what premortem
 * always did) and counted, and the count is reported with the file's import result, unless the user says the
 * order (`premortem import --date-order`). A guess is never made silently.
 */

/** dmy: day first (en-GB, de-DE, fr-FR...); mdy: month first (en-US). */
export type DateOrder = 'dmy' | 'mdy';

/** What a file's locale-formatted dates say about their order. */
export interface DateEvidence {
  /** Values whose first number is above 12: only day-first reads them. */
  dayFirst: number;
  /** Values whose second number is above 12: only month-first reads them. */
  monthFirst: number;
  /** Dotted values ("23.11.2026"): a day-first convention; no month-first locale writes dots. */
  dotted: number;
  /** Values both orders read, differently. */
  ambiguous: number;
}

export interface DateDecision {
  /** The order used for this file, or undefined when nothing decides it. */
  order: DateOrder | undefined;
  /** Why, in words, for the import summary. */
  basis: string;
  evidence: DateEvidence;
}

/** d/m/yyyy or m/d/yyyy (slash, dot or dash), an optional time with optional seconds, fraction and AM/PM. */
const LOCALE_DATE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}),?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?\s*([AaPp][Mm])?)?$/;

/** Whether a value is a locale short date at all (ISO values never match). */
export const isLocaleDate = (text: string): boolean => LOCALE_DATE.test(text.trim());

export function emptyEvidence(): DateEvidence {
  return { dayFirst: 0, monthFirst: 0, dotted: 0, ambiguous: 0 };
}

/** Adds one value to the evidence (values that are not locale dates add nothing). */
export function observeDate(evidence: DateEvidence, text: string): void {
  const m = LOCALE_DATE.exec(text.trim());
  if (!m) return;
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (m[2] === '.') evidence.dotted++;
  if (a > 12 && b <= 12) evidence.dayFirst++;
  else if (b > 12 && a <= 12) evidence.monthFirst++;
  else if (a <= 12 && b <= 12 && a !== b && m[2] !== '.') evidence.ambiguous++;
}

/**
 * The file's order: the user's when given; otherwise the one the values prove. Values proving both orders mean
 * the file mixes them: it is left undecided (each provable value is still read its only way, see parseLocaleDate).
 */
export function decideDateOrder(evidence: DateEvidence, forced?: DateOrder): DateDecision {
  const e = evidence;
  if (forced) return { order: forced, basis: `--date-order ${forced}`, evidence: e };
  const dayProof = e.dayFirst + e.dotted;
  if (dayProof > 0 && e.monthFirst > 0) {
    return {
      order: undefined,
      basis: `conflicting: ${dayProof} date(s) read only day-first and ${e.monthFirst} only month-first${
        e.ambiguous > 0 ? `; ${e.ambiguous} that read either way read month-first` : ''
      }`,
      evidence: e,
    };
  }
  if (dayProof > 0) {
    const why = [
      e.dayFirst > 0 ? `${e.dayFirst} date(s) with a day above 12 first` : '',
      e.dotted > 0 ? `${e.dotted} dotted date(s)` : '',
    ]
      .filter((w) => w !== '')
      .join(', ');
    return { order: 'dmy', basis: `day-first: ${why}`, evidence: e };
  }
  if (e.monthFirst > 0) {
    return { order: 'mdy', basis: `month-first: ${e.monthFirst} date(s) with a day above 12 second`, evidence: e };
  }
  if (e.ambiguous > 0) {
    return {
      order: undefined,
      basis: `undecided: ${e.ambiguous} date(s) read either way and none shows the order; read month-first`,
      evidence: e,
    };
  }
  return { order: undefined, basis: 'no locale-formatted dates', evidence: e };
}

/**
 * A locale date as an ISO 8601 UTC string (the exports write UTC, or a time with no zone that premortem reads as
 * UTC, as it does ISO times without an offset). With no order, a value one order alone reads is read that way, one
 * both read is read month-first (callers count those: isAmbiguousDate). Undefined when the value is not a locale
 * date or is impossible (31/02).
 */
export function parseLocaleDate(text: string, order: DateOrder | undefined): string | undefined {
  const m = LOCALE_DATE.exec(text.trim());
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[3]);
  let effective = order;
  if (effective === undefined) {
    if (m[2] === '.') effective = 'dmy';
    else if (a > 12 && b <= 12) effective = 'dmy';
    else if (b > 12 && a <= 12) effective = 'mdy';
    else effective = 'mdy';
  }
  const day = effective === 'dmy' ? a : b;
  const month = effective === 'dmy' ? b : a;
  const year = Number(m[4]);
  let hour = m[5] === undefined ? 0 : Number(m[5]);
  const minute = m[6] === undefined ? 0 : Number(m[6]);
  const second = m[7] === undefined ? 0 : Number(m[7]);
  const fraction = m[8] === undefined ? 0 : Number(`0.${m[8]}`);
  const meridiem = m[9]?.toLowerCase();
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    if (meridiem === 'pm' && hour !== 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(fraction * 1000);
  const d = new Date(ms);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month - 1) return undefined; // 31/02 rolls over: not a date
  return d.toISOString();
}

/** Any time value of an export: ISO 8601 as it is (normalised to UTC), or a locale date read in the file's order. */
export function parseExportTime(text: string | null | undefined, order: DateOrder | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(t.slice(10)) ? t : `${t.replace(' ', 'T')}Z`;
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return parseLocaleDate(t, order);
}

/** Whether a value could be read either way and the order is not known (read month-first, and counted). */
export function isAmbiguousDate(text: string | null | undefined, order: DateOrder | undefined): boolean {
  if (order !== undefined || text === null || text === undefined) return false;
  const m = LOCALE_DATE.exec(text.trim());
  if (!m || m[2] === '.') return false;
  const a = Number(m[1]);
  const b = Number(m[3]);
  return a <= 12 && b <= 12 && a !== b;
}
