/**
 * A string list to bind as a DuckDB `VARCHAR[]` parameter. DuckDB cannot type an empty list parameter ("Cannot
 * create lists with item type of ANY"), so an empty list becomes a list holding one NUL character, which no uid,
 * name or address in the store can equal: `list_contains` stays false, as for an empty list.
 */
export function sqlList(items: readonly string[]): string[] {
  return items.length > 0 ? [...items] : ['\u0000'];
}
