/**
 * Event times outside the plausible range (core/plausible-range.ts) are rejected by the mapping SQL with their
 * reason. The check lives in the mapping SQL, not in a table definition, so it holds whatever the store is made of.
 */
import { PLAUSIBLE_RANGE_TEXT } from '../core/plausible-range.js';

export {
  EARLIEST_EVENT_TIME,
  FUTURE_SLACK_HOURS,
  implausibleTime,
  PLAUSIBLE_RANGE_TEXT,
} from '../core/plausible-range.js';

/** SQL: the reject reason for an implausible time; `shown` is the record's own text for the time. */
export const implausibleTimeReason = (timeField: string, shown: string): string =>
  `'${timeField} "' || left(${shown}, 60) || '" is outside the plausible range (${PLAUSIBLE_RANGE_TEXT})'`;
