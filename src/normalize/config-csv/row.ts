import { type DateOrder, isAmbiguousDate, parseExportTime } from '../locale-date.js';

/** Column names as compared (the same folding as sources/files/config-csv.ts uses to recognise the file). */
const headerKey = (h: string): string => h.trim().toLowerCase().replace(/\s+/g, '');

/** One CSV row of a configuration export, read by column name whatever its case or spacing. */
export class ConfigRow {
  private readonly byKey = new Map<string, string>();

  constructor(readonly values: Readonly<Record<string, string | null>>) {
    for (const [k, v] of Object.entries(values)) if (v !== null) this.byKey.set(headerKey(k), v);
  }

  /**
   * The text of the first named column that has one. Extractor-Suite fills a value it could not read with "-"
   * (Get-MFA's defaults): that is absence, not a value.
   */
  text(...names: string[]): string | null {
    for (const n of names) {
      const v = this.byKey.get(headerKey(n))?.trim();
      if (v !== undefined && v !== '' && v !== '-') return v;
    }
    return null;
  }

  /** "True" / "False" as PowerShell writes them; anything else is unknown (null), not false. */
  bool(...names: string[]): boolean | null {
    const v = this.text(...names)?.toLowerCase();
    return v === 'true' ? true : v === 'false' ? false : null;
  }

  /** A list written by `| Out-String` (one item per line) or joined with commas or semicolons. */
  list(...names: string[]): string[] {
    const v = this.text(...names);
    if (v === null) return [];
    return v
      .split(/\r?\n|[;,]/)
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== '-');
  }
}

/**
 * Reads a row's dates in the file's order. In a file nothing decides, a date that reads either way is read
 * month-first and counted, so the import reports the guess instead of making it silently.
 */
export class DateReader {
  private count = 0;
  constructor(readonly order: DateOrder | undefined) {}

  /** Dates read month-first only because nothing in the file showed the order. */
  get ambiguousDates(): number {
    return this.count;
  }

  /** ISO 8601 UTC, or null (absent, or not a date: the text stays in the row). */
  time(row: ConfigRow, ...names: string[]): string | null {
    const v = row.text(...names);
    if (v === null) return null;
    if (isAmbiguousDate(v, this.order)) this.count++;
    return parseExportTime(v, this.order) ?? null;
  }
}

/** A row becomes one object of a snapshot resource, or is rejected with the reason. */
export type MappedConfigRow =
  | { resource: string; id: string | null; object: Record<string, unknown> }
  | { reject: string };

export type ConfigRowMapper = (row: ConfigRow, dates: DateReader) => MappedConfigRow;
