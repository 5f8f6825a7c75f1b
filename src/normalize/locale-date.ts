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

/**
 * The one definition of a locale short date, from which every reader derives: the SQL that maps event CSVs
 * (normalize/sql.ts ts()), the SQL that gathers a file's evidence (ingest/date-order.ts) and the JavaScript that
 * reads configuration CSVs (parseLocaleDate). Formats are strptime formats with DuckDB's directives; JavaScript
 * interprets the same list (formatPattern), so the readers cannot disagree on what a date is.
 */
const SEPARATORS: Readonly<Record<DateOrder, readonly string[]>> = {
  // No month-first locale writes dots: a dotted date is day-first whatever the file says.
  mdy: ['/', '-'],
  dmy: ['/', '.', '-'],
};
/** What may follow the date (Log Analytics writes "4/28/2021, 2:08:45.221 PM"; PowerShell "23/11/2026 14:05:09"). */
const TIME_FORMATS = [
  '',
  ' %H:%M',
  ' %H:%M:%S',
  ' %H:%M:%S.%g',
  ', %H:%M',
  ', %H:%M:%S',
  ', %H:%M:%S.%g',
  ' %I:%M %p',
  ' %I:%M:%S %p',
  ' %I:%M:%S.%g %p',
  ', %I:%M %p',
  ', %I:%M:%S %p',
  ', %I:%M:%S.%g %p',
] as const;

/** Every format a date in this order is read with, in the order they are tried. */
export function localeDateFormats(order: DateOrder): string[] {
  const date = (sep: string) => (order === 'dmy' ? `%d${sep}%m${sep}%Y` : `%m${sep}%d${sep}%Y`);
  return SEPARATORS[order].flatMap((sep) => TIME_FORMATS.map((t) => `${date(sep)}${t}`));
}

/**
 * How a locale date starts: day and month of one or two digits, a four-digit year. A regular expression for
 * DuckDB (RE2) and JavaScript alike; SQL checks it before strptime, whose %Y would read "23/11/26" as the year 26.
 */
export const LOCALE_DATE_HEAD = '[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}';
const HEAD = new RegExp(`^${LOCALE_DATE_HEAD}`);

/** JavaScript's reading of one strptime format: the directives DuckDB reads, as the digits it accepts. */
const DIRECTIVES: Readonly<Record<string, string>> = {
  d: '(?<d>\\d{1,2})',
  m: '(?<m>\\d{1,2})',
  Y: '(?<Y>\\d{4})',
  H: '(?<H>\\d{1,2})',
  I: '(?<I>\\d{1,2})',
  M: '(?<M>\\d{1,2})',
  S: '(?<S>\\d{1,2})',
  g: '(?<g>\\d{1,3})',
  p: '(?<p>[AaPp][Mm])',
};
const formatPattern = (format: string): RegExp =>
  new RegExp(
    `^${format.replace(/%(.)|[.*+?^${}()|[\]\\/-]/g, (m, d: string | undefined) => {
      if (d === undefined) return `\\${m}`;
      const p = DIRECTIVES[d];
      if (p === undefined) throw new Error(`locale date format ${format}: %${d} is not read`);
      return p;
    })}$`,
  );
const PATTERNS: Readonly<Record<DateOrder, readonly RegExp[]>> = {
  mdy: localeDateFormats('mdy').map(formatPattern),
  dmy: localeDateFormats('dmy').map(formatPattern),
};

/** The day, month and separator of a value's date, when it starts like a locale date. */
function headOf(text: string): { a: number; b: number; dotted: boolean } | undefined {
  const m = HEAD.exec(text.trim());
  if (!m) return undefined;
  const [a, b] = m[0].split(/[/.-]/).map(Number);
  return a === undefined || b === undefined ? undefined : { a, b, dotted: m[0].includes('.') };
}

/** Whether a value is a locale short date at all (ISO values never match). */
export const isLocaleDate = (text: string): boolean =>
  headOf(text) !== undefined && parseLocaleDate(text, undefined) !== undefined;

export function emptyEvidence(): DateEvidence {
  return { dayFirst: 0, monthFirst: 0, dotted: 0, ambiguous: 0 };
}

/** Adds one value to the evidence (values that are not locale dates add nothing). */
export function observeDate(evidence: DateEvidence, text: string): void {
  const h = headOf(text);
  if (!h) return;
  const { a, b } = h;
  if (h.dotted) evidence.dotted++;
  if (a > 12 && b <= 12) evidence.dayFirst++;
  else if (b > 12 && a <= 12) evidence.monthFirst++;
  else if (a <= 12 && b <= 12 && a !== b && !h.dotted) evidence.ambiguous++;
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
 * both read is read month-first (callers count those: isAmbiguousDate), as the SQL reader does. Undefined when the
 * value is not a locale date or is impossible (31/02, 13 PM).
 */
export function parseLocaleDate(text: string, order: DateOrder | undefined): string | undefined {
  const t = text.trim();
  if (!HEAD.test(t)) return undefined;
  const orders: DateOrder[] = order === undefined ? ['mdy', 'dmy'] : [order];
  for (const o of orders) {
    for (const pattern of PATTERNS[o]) {
      const g = pattern.exec(t)?.groups;
      if (g === undefined) continue;
      const iso = isoOf(g);
      if (iso !== undefined) return iso;
    }
  }
  return undefined;
}

/** The fields one format matched, as a time, or undefined when they name no real time (as strptime refuses). */
function isoOf(g: Readonly<Record<string, string | undefined>>): string | undefined {
  const n = (k: string): number => Number(g[k] ?? 0);
  const [day, month, year, minute, second] = [n('d'), n('m'), n('Y'), n('M'), n('S')];
  let hour = n('H');
  if (g.I !== undefined) {
    hour = n('I');
    if (hour < 1 || hour > 12) return undefined;
    const pm = g.p?.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = g.g === undefined ? 0 : Number(`0.${g.g}`) * 1000;
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(ms));
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
  const h = headOf(text);
  if (!h || h.dotted) return false;
  return h.a <= 12 && h.b <= 12 && h.a !== h.b;
}
