/**
 * SQL that turns an address column into a number, so that `|cidr` is a range test. DuckDB's inet extension is
 * not built into the npm package and cannot be installed offline, so the conversion is written out in core
 * functions. Anything that is not a well-formed address of the version gives NULL (no match).
 */
export function ipv4Number(expr: string): string {
  return (
    `(CASE WHEN regexp_full_match(${expr}, '(\\d{1,3}\\.){3}\\d{1,3}') ` +
    `THEN list_reduce(list_transform(string_split(${expr}, '.'), lambda o: TRY_CAST(o AS UBIGINT)), lambda a, b: a * 256 + b) END)`
  );
}

/** The 128-bit value of an IPv6 address column ("::" expanded), as UHUGEINT; NULL when not IPv6. */
export function ipv6Number(expr: string): string {
  // "::" expands to as many zero groups as are missing from eight.
  const expanded = `trim(replace(lower(${expr}), '::', ':' || repeat('0:', 8 - len(list_filter(string_split(${expr}, ':'), lambda g: g <> '')))), ':')`;
  return (
    `(CASE WHEN regexp_full_match(${expanded}, '([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}') ` +
    `THEN list_reduce(list_transform(string_split(${expanded}, ':'), lambda g: CAST(TRY_CAST('0x' || g AS BIGINT) AS UHUGEINT)), lambda a, b: a * 65536 + b) END)`
  );
}
