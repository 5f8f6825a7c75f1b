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
 * ISO 8601 with or without offset (Graph "…Z", diagnostic "…+00:00" with 7 digits), and Log Analytics' US-style
 * exports ("4/28/2021, 2:08:45.221 PM"). Naive times are UTC (the session time zone is UTC).
 */
const US_FORMATS = ['%m/%d/%Y, %I:%M:%S.%g %p', '%m/%d/%Y, %I:%M:%S %p', '%m/%d/%Y %I:%M:%S %p', '%m/%d/%Y %H:%M:%S'];
export const ts = (e: string): string =>
  `coalesce(TRY_CAST(${str(e)} AS TIMESTAMPTZ), CAST(try_strptime(${str(e)}, [${US_FORMATS.map((f) => `'${f}'`).join(', ')}]) AS TIMESTAMPTZ), ${msDate(str(e))})`;

/** Windows PowerShell 5.1 ConvertTo-Json writes a DateTime as "/Date(1758882664000)/" (milliseconds, UTC). */
const msDate = (v: string): string =>
  `CASE WHEN starts_with(${v}, '/Date(') THEN to_timestamp(TRY_CAST(regexp_extract(${v}, '^/Date\\((-?[0-9]+)', 1) AS BIGINT) / 1000.0) END`;

/** Unicode dashes Microsoft mixes into activity names ("Update application – Certificates…"). */
const DASHES = '[\u2010-\u2015\u2212]';

/** SQL twin of activityKey() in core/event-model.ts: what rules compare activity names on. */
export const activityKeySql = (e: string): string =>
  `trim(regexp_replace(trim(regexp_replace(regexp_replace(lower(${e}), '${DASHES}', '-', 'g'), '\\s+', ' ', 'g')), '\\.+$', ''))`;
