import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { timedRecordRejectReason } from './reject-reason.js';

describe('the reject reason of a record with one event time', () => {
  it('names a missing time, a time that is not a date, one out of range, and a missing identifying field', async () => {
    const reason = timedRecordRejectReason({
      time: 'time',
      timeName: 'eventTimestamp',
      required: 'op',
      requiredName: 'operation name',
      record: 'an Azure Activity log record',
    });
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run("SET TimeZone = 'UTC'");
      const rows = (
        await db.runAndReadAll(
          `SELECT ${reason} AS reason FROM (VALUES
            (1, NULL, 'write'), (2, 'yesterday', 'write'), (3, '9999-12-31T23:59:59Z', 'write'),
            (4, '2025-09-09T18:00:00Z', NULL), (5, '2025-09-09T18:00:00Z', 'write')) t(i, time, op) ORDER BY i`,
        )
      )
        .getRowObjectsJS()
        .map((r) => r.reason);
      expect(rows).toEqual([
        'no eventTimestamp: not an Azure Activity log record',
        'eventTimestamp "yesterday" is not a date',
        expect.stringMatching(/^eventTimestamp "9999-12-31T23:59:59Z" is outside the plausible range/),
        'no operation name: not an Azure Activity log record',
        null,
      ]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
