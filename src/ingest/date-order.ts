import {
  type DateDecision,
  type DateOrder,
  decideDateOrder,
  emptyEvidence,
  LOCALE_DATE_HEAD,
} from '../normalize/locale-date.js';
import { DATE_ORDER_VARIABLE } from '../normalize/sql.js';
import type { Workspace } from '../store/workspace.js';

/** How a CSV file's locale-formatted dates were read, for the import summary. */
export interface FileDates {
  /** dmy, mdy, or undecided (dates that read one way only were read that way; the others month-first). */
  order: DateOrder | 'undecided';
  basis: string;
  /** Dates that read either way and were read month-first because nothing in the file decided: a reported guess. */
  ambiguousDates: number;
}

/**
 * Looks at every locale-formatted date in the staged rows of one CSV file (JSON text: a value starts after a
 * quote) and decides the file's order (normalize/locale-date.ts). Runs in DuckDB: the stage can hold millions of
 * rows. Undefined when the file has no such dates. relation: a table of ours with (record_index, raw JSON text)
 * rows of one file: the stage of the event import, or the rows of a configuration CSV.
 */
export async function decideStagedDateOrder(
  ws: Workspace,
  forced: DateOrder | undefined,
  relation: 'stage_raw' | 'config_csv_rows' = 'stage_raw',
): Promise<{ decision: DateDecision; ambiguousDates: number } | undefined> {
  const row = await ws.one<{
    n: bigint;
    day_first: bigint;
    month_first: bigint;
    dotted: bigint;
    ambiguous: bigint;
  }>(
    `WITH v AS (
       SELECT record_index, unnest(regexp_extract_all(raw, '"(${LOCALE_DATE_HEAD})([ ,T"])', 1)) AS d
       FROM ${relation}),
     p AS (
       SELECT record_index, CAST(regexp_extract(d, '^([0-9]+)', 1) AS INTEGER) AS a,
         CAST(regexp_extract(d, '^[0-9]+[/.-]([0-9]+)', 1) AS INTEGER) AS b, regexp_extract(d, '^[0-9]+([/.-])', 1) AS sep
       FROM v)
     SELECT count(*) AS n,
       count(*) FILTER (WHERE a > 12 AND b <= 12) AS day_first,
       count(*) FILTER (WHERE b > 12 AND a <= 12) AS month_first,
       count(*) FILTER (WHERE sep = '.') AS dotted,
       count(*) FILTER (WHERE a <= 12 AND b <= 12 AND a <> b AND sep <> '.') AS ambiguous
     FROM p`,
  );
  if (!row || Number(row.n) === 0) return undefined;
  const evidence = emptyEvidence();
  evidence.dayFirst = Number(row.day_first);
  evidence.monthFirst = Number(row.month_first);
  evidence.dotted = Number(row.dotted);
  evidence.ambiguous = Number(row.ambiguous);
  const decision = decideDateOrder(evidence, forced);
  return { decision, ambiguousDates: decision.order === undefined ? evidence.ambiguous : 0 };
}

/**
 * Runs fn (the mapping of the staged rows) with the file's date order visible to the mapping SQL (normalize/sql.ts
 * ts()), and always clears it: the next file decides its own.
 */
export async function withDateOrder<T>(
  ws: Workspace,
  forced: DateOrder | undefined,
  fn: () => Promise<T>,
): Promise<{ result: T; dates: FileDates | undefined }> {
  const found = await decideStagedDateOrder(ws, forced);
  if (!found) return { result: await fn(), dates: undefined };
  const order = found.decision.order ?? 'undecided';
  await ws.run(`SET VARIABLE ${DATE_ORDER_VARIABLE} = '${order}'`);
  try {
    const result = await fn();
    return { result, dates: { order, basis: found.decision.basis, ambiguousDates: found.ambiguousDates } };
  } finally {
    await ws.run(`RESET VARIABLE ${DATE_ORDER_VARIABLE}`);
  }
}
