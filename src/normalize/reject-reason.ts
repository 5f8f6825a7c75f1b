import { implausibleTime, implausibleTimeReason } from './plausible-time.js';
import { str, ts } from './sql.js';

/**
 * SQL: the WHEN branches that reject a record by its event time: no time, a time that is not a date, one outside
 * the plausible range. `time` is the parsed TIMESTAMPTZ expression, `shown` the record's own text for it, `record`
 * what the record should have been ("an alert record").
 */
export function timeRejectCases(time: string, shown: string, timeName: string, record: string): string {
  return `WHEN ${shown} IS NULL THEN 'no ${timeName}: not ${record}'
    WHEN ${time} IS NULL THEN '${timeName} "' || left(${shown}, 60) || '" is not a date'
    WHEN ${implausibleTime(time)} THEN ${implausibleTimeReason(timeName, shown)}`;
}

/**
 * SQL: why a record that must have a plausible event time and one identifying field is rejected (NULL when it is
 * not): the time's cases (timeRejectCases), then no identifying field. `time` and `required` are field expressions
 * as `str` and `ts` take them; `record` names what the record should have been ("an Azure Activity log record").
 */
export function timedRecordRejectReason(o: {
  time: string;
  timeName: string;
  required: string;
  requiredName: string;
  record: string;
}): string {
  return `CASE
    ${timeRejectCases(ts(o.time), str(o.time), o.timeName, o.record)}
    WHEN ${str(o.required)} IS NULL THEN 'no ${o.requiredName}: not ${o.record}'
  END`;
}
