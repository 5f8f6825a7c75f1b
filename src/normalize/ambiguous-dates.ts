import type { RecordMapper } from '../core/mapper.js';
import { DATE_ORDER_VARIABLE, str } from './sql.js';

/**
 * For the CSV dialects whose dates are locale-formatted: a record whose time could not be read because its date
 * reads either way ("03/04/2026") in a file whose other dates do not show the order is rejected with that reason,
 * naming the value and the way out, instead of the generic "is not a date".
 * timeColumn: the mapper's event-time column (null when no time was read); valueFields: the date fields in order.
 */
export function withAmbiguousDates(
  mapper: RecordMapper,
  timeColumn: 'created_at' | 'activity_at',
  valueFields: readonly string[],
  label: string,
): RecordMapper {
  const time = mapper.columns[timeColumn];
  if (time === undefined) throw new Error(`${mapper.name} has no ${timeColumn} column`);
  const v = `coalesce(${valueFields.map(str).join(', ')})`;
  // Day and month both 12 or less and different: the two orders give two dates.
  const ambiguous = `regexp_matches(${v}, '^(0?[1-9]|1[0-2])[/-](0?[1-9]|1[0-2])[/-][0-9]{4}')
    AND regexp_extract(${v}, '^0?([0-9]+)', 1) <> regexp_extract(${v}, '^[0-9]+[/-]0?([0-9]+)', 1)`;
  const rejectReason = `CASE WHEN getvariable('${DATE_ORDER_VARIABLE}') = 'undecided' AND (${time}) IS NULL AND ${ambiguous}
    THEN '${label} "' || left(${v}, 40) || '" reads as day-first or month-first and no date in the file shows which: re-import with --date-order dmy or mdy'
    ELSE ${mapper.rejectReason} END`;
  return { ...mapper, rejectReason };
}
