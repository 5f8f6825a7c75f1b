/**
 * The range of event times premortem accepts. A log record is attacker-influenced input: one sign-in dated
 * 9999-12-31 used to be stored, and every windowed rule then failed on it (DuckDB cannot add a window to a time
 * near its upper limit), so a single record switched detection off. The mapping SQL rejects records outside it
 * (normalize/plausible-time.ts); the store quarantines rows stored before that check (store/quarantine.ts).
 *
 * Lower bound: Entra ID and the unified audit log did not exist before 2000; an earlier time is a default value
 * (0001-01-01) or a forgery. Upper bound: a day after the import (now() is the import transaction's start), which
 * leaves room for a clock that runs ahead but not for a record from the future.
 */
export const EARLIEST_EVENT_TIME = '2000-01-01T00:00:00Z';
export const FUTURE_SLACK_HOURS = 24;

/** Human words for the range, shared by reject reasons and the README. */
export const PLAUSIBLE_RANGE_TEXT = `${EARLIEST_EVENT_TIME.slice(0, 10)} to ${FUTURE_SLACK_HOURS} hours after the import`;

/** SQL: true when the time expression (a TIMESTAMPTZ, possibly NULL) lies outside the plausible range. */
export const implausibleTime = (time: string): string =>
  `(${time} < TIMESTAMPTZ '${EARLIEST_EVENT_TIME}' OR ${time} > now() + INTERVAL ${FUTURE_SLACK_HOURS} HOUR)`;
