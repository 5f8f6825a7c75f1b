import { describe, expect, it } from 'vitest';
import type { Parameters } from './query.js';
import { countSql, fillSql, SharedScans } from './shared-scans.js';

describe('SharedScans', () => {
  const where =
    (sql: string, value: number) =>
    (params: Parameters): string =>
      sql.replace('?', params.add(value));

  it('one scan per predicate and values, one column per distinct field, the most used first', () => {
    const scans = new SharedScans();
    const failed = where('error_code = ?', 50126);
    expect(scans.use('signins', 'created_at', failed, ['upn', 'ip'])).toEqual({
      name: 'detect_shared_1',
      columns: ['c0', 'c1'],
    });
    expect(scans.use('audits', 'activity_at', where('x = ?', 1), ['actor'])).toEqual({
      name: 'detect_shared_2',
      columns: ['c0'],
    });
    expect(scans.use('signins', 'created_at', where('error_code = ?', 50126), ['ip', 'asn', 'upn'])).toEqual({
      name: 'detect_shared_1',
      columns: ['c1', 'c2', 'c0'],
    });
    // The same text with another value is another scan.
    expect(scans.use('signins', 'created_at', where('error_code = ?', 50053), []).name).toBe('detect_shared_3');
    expect(scans.list().map((s) => [s.name, s.uses, s.columns])).toEqual([
      ['detect_shared_1', 2, ['upn', 'ip', 'asn']],
      ['detect_shared_2', 1, ['actor']],
      ['detect_shared_3', 1, []],
    ]);
  });

  it('fills the scans of a table in one statement, each a view of its rows and fields', () => {
    const scans = new SharedScans();
    scans.use('signins', 'created_at', where('error_code = ?', 50126), ['upn', 'ip']);
    scans.use('signins', 'created_at', where('error_code = ?', 50053), ['ip']);
    const list = scans.list();
    const count = countSql('signins', list);
    expect(count.sql).toBe(
      'SELECT count(*) FILTER (WHERE error_code = $1) AS n0, count(*) FILTER (WHERE error_code = $2) AS n1 FROM signins WHERE created_at IS NOT NULL',
    );
    expect(count.parameters).toEqual([50126, 50053]);
    const { fill, views } = fillSql('signins', list);
    expect(fill.sql).toContain('upn AS k0, ip AS k1, coalesce((error_code = $1), false) AS m0');
    expect(fill.sql).toContain('AND ((error_code = $3) OR (error_code = $4))');
    expect(fill.parameters).toEqual([50126, 50053, 50126, 50053]);
    expect(views).toEqual([
      'CREATE OR REPLACE TEMP VIEW detect_shared_1 AS SELECT uid, source_id, ts, k0 AS c0, k1 AS c1 FROM detect_shared_signins WHERE m0',
      'CREATE OR REPLACE TEMP VIEW detect_shared_2 AS SELECT uid, source_id, ts, k1 AS c0 FROM detect_shared_signins WHERE m1',
    ]);
  });
});
