/** Times leave premortem as ISO 8601 UTC with a Z (the CLI contract); DuckDB prints "2025-09-26 10:00:00+00". */
export function toIsoUtc(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(normalizeDbTime(value));
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString();
}

function normalizeDbTime(s: string): string {
  // "2025-09-26 10:00:00.123+00" -> "2025-09-26T10:00:00.123+00:00"
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d(?::?\d\d)?|Z)?$/.exec(s.trim());
  if (!m) return s;
  let tz = m[3] ?? 'Z';
  if (/^[+-]\d\d$/.test(tz)) tz += ':00';
  return `${m[1]}T${m[2]}${tz}`;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30d", "12h", "90m", "45s", "2w" -> milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/i.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const unit = UNITS[m[2].toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}
