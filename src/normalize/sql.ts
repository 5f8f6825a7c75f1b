import { type DateOrder, LOCALE_DATE_HEAD, localeDateFormats } from './locale-date.js';

/**
 * Small SQL expression builders shared by the mappers. Every argument is an expression we wrote (a column or
 * JSON path of our own), never input text: record values reach SQL only as data read by DuckDB.
 */

/** A column or struct path (j.a.b, j."Date (UTC)"): cheap to evaluate more than once. */
const PATH = /^[A-Za-z_]\w*(\.([A-Za-z_]\w*|"[^"]*"))*$/;

/**
 * Empty or blank text is absence, not a value (Log Analytics CSV writes "" for null). DuckDB's trim() removes
 * spaces only, and copying every string through it was half the cost of mapping a sign-in (measured: 0.6 of
 * 1.2 s per 200,000 Graph records): a path is trimmed only when it starts or ends with a space.
 */
export const str = (e: string): string => {
  const v = `CAST(${e} AS VARCHAR)`;
  if (!PATH.test(e)) return `nullif(trim(${v}), '')`;
  return `CASE WHEN starts_with(${v}, ' ') OR ends_with(${v}, ' ') THEN nullif(trim(${v}), '') ELSE nullif(${v}, '') END`;
};

export const lowerStr = (e: string): string => `lower(${str(e)})`;

export const int = (e: string): string => `TRY_CAST(${str(e)} AS INTEGER)`;

export const bigint = (e: string): string => `TRY_CAST(${str(e)} AS BIGINT)`;

export const bool = (e: string): string => `TRY_CAST(${str(e)} AS BOOLEAN)`;

/** A value inside JSON text held in a VARCHAR (Log Analytics nests objects as strings). */
export const jstr = (jsonText: string, path: string): string => str(`json_extract_string(${jsonText}, '${path}')`);

/**
 * ISO 8601 with or without offset (Graph "…Z", diagnostic "…+00:00" with 7 digits), and locale short dates:
 * Log Analytics' US-style exports ("4/28/2021, 2:08:45.221 PM"), portal and Extractor-Suite CSVs from day-first
 * locales ("23/11/2026 14:05:09", "23.11.2026 14:05"). Naive times are UTC (the session time zone is UTC).
 * The formats are normalize/locale-date.ts's, the one definition of a locale date. Which order a file's
 * "03/04/2026" is in is decided once per file (normalize/locale-date.ts, ingest/date-order.ts) and handed to this SQL in the session variable DATE_ORDER_VARIABLE: 'dmy', 'mdy' (also when unset: JSON
 * exports and earlier behaviour), or 'undecided', where a date that reads either way is read month-first.
 */
export const DATE_ORDER_VARIABLE = 'premortem_date_order';
const formats = (order: DateOrder) =>
  `[${localeDateFormats(order)
    .map((f) => `'${f}'`)
    .join(', ')}]`;
const localeDate = (v: string): string => {
  // Both readings are computed once, in a one-element list so each format list appears once in the SQL (ts() is
  // used many times per mapper, and planning cost grows with the SQL's size). Evaluated only for values that are
  // not ISO 8601: coalesce stops at the first non-null argument.
  const both = `struct_pack(m := CAST(try_strptime(${v}, ${formats('mdy')}) AS TIMESTAMPTZ),
    d := CAST(try_strptime(${v}, ${formats('dmy')}) AS TIMESTAMPTZ), o := coalesce(getvariable('${DATE_ORDER_VARIABLE}'), 'mdy'))`;
  // Undecided (nothing in the file proves an order, or it proves both): a value one order alone reads is read that
  // way; one both orders read is read month-first, as premortem always has, and the import reports how many
  // such dates the file holds (ingest/date-order.ts) so the guess is never silent.
  // The head check first: strptime's %Y also reads a two-digit year, which no locale reader here accepts.
  return `CASE WHEN regexp_matches(${v}, '^${LOCALE_DATE_HEAD}') THEN list_transform([${both}], lambda p:
    CASE p.o WHEN 'mdy' THEN p.m WHEN 'dmy' THEN p.d ELSE coalesce(p.m, p.d) END)[1] END`;
};
export const ts = (e: string): string =>
  `coalesce(TRY_CAST(${str(e)} AS TIMESTAMPTZ), ${localeDate(str(e))}, ${msDate(str(e))})`;

/**
 * Windows PowerShell 5.1 ConvertTo-Json writes a DateTime as "/Date(1758882664000)/" (milliseconds, UTC).
 * try(): to_timestamp raises on an epoch beyond TIMESTAMPTZ's range, which would fail the whole file's import;
 * out of range is "not a date" for that record alone.
 */
const msDate = (v: string): string =>
  `CASE WHEN starts_with(${v}, '/Date(') THEN try(to_timestamp(TRY_CAST(regexp_extract(${v}, '^/Date\\((-?[0-9]+)', 1) AS BIGINT) / 1000.0)) END`;

/** Unicode dashes Microsoft mixes into activity names ("Update application – Certificates…"). */
const DASHES = '[\u2010-\u2015\u2212]';

/** SQL twin of activityKey() in core/event-model.ts: what rules compare activity names on. */
export const activityKeySql = (e: string): string =>
  `trim(regexp_replace(trim(regexp_replace(regexp_replace(lower(${e}), '${DASHES}', '-', 'g'), '\\s+', ' ', 'g')), '\\.+$', ''))`;
