import { implausibleTime, implausibleTimeReason } from './plausible-time.js';
import { str, ts } from './sql.js';

/**
 * SQL: why a record that must have a plausible event time and one identifying field is rejected (NULL when it is
 * not): no time, a time that is not a date, one outside the plausible range, or no identifying field. `time` and
 * `required` are field expressions as `str` and `ts` take them; `record` names what the record should have been
 * ("an Azure Activity log record").
 */
export function timedRecordRejectReason(o: {
  time: string;
  timeName: string;
  required: string;
  requiredName: string;
  record: string;
}): string {
  const text = str(o.time);
  const time = ts(o.time);
  return `CASE
    WHEN ${text} IS NULL THEN 'no ${o.timeName}: not ${o.record}'
    WHEN ${time} IS NULL THEN '${o.timeName} "' || left(${text}, 60) || '" is not a date'
    WHEN ${implausibleTime(time)} THEN ${implausibleTimeReason(o.timeName, text)}
    WHEN ${str(o.required)} IS NULL THEN 'no ${o.requiredName}: not ${o.record}'
  END`;
}
