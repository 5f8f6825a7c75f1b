import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertRows } from '../detect/rule-tests.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules, loadRulesFromText } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import type { TestRow } from '../rules/rule-test-cases.js';
import { Workspace } from '../store/workspace.js';
import { compileRule } from './compile.js';

// These tests run the compiled SQL on DuckDB: the window semantics (inclusive bounds, sliding rather than
// bucketed, order, chaining) are checked on real rows, not only as text.
const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
const BASES = `title: Failed
name: failed
logsource: {product: premortem, service: signins}
detection: {s: {error_code: [50126, 50053]}, condition: s}
---
title: Ok
name: ok
logsource: {product: premortem, service: signins}
detection: {s: {error_code: 0}, condition: s}
---
title: Role
name: role
logsource: {product: premortem, service: audits}
detection: {s: {activity: Add member to role}, condition: s}
`;

let dir: string;
let ws: Workspace;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'premortem-windows-'));
  ws = await Workspace.open(dir);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.parse('2025-09-02T10:00:00Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const signin = (uid: string, seconds: number, extra: TestRow): TestRow => ({ uid, created_at: at(seconds), ...extra });
const role = (uid: string, seconds: number, extra: TestRow): TestRow => ({
  uid,
  activity_at: at(seconds),
  activity: 'Add member to role',
  activity_key: 'add member to role',
  ...extra,
});

/** Loads the rows, compiles `correlation` (over the bases) and returns the matches as "uid@episode" strings. */
async function run(
  correlation: string,
  signins: TestRow[],
  audits: TestRow[] = [],
  rulesText = BASES,
): Promise<string[]> {
  const { rules } = loadRulesFromText(`${rulesText}---\ntitle: Subject\nname: subject\n${correlation}\nlevel: high\n`);
  const subject = rules.find('subject');
  if (!subject) throw new Error('no subject');
  await insertRows(ws, 'signins', signins, 't');
  await insertRows(ws, 'audits', audits, 't');
  const compiled = compileRule(subject, { ruleSet: rules, pipelines });
  const q = compiled.query;
  // The compiled query is unordered; its readers order it as readMatches does.
  const order = [...compiled.groupBy.map((_, i) => `g${i}`), 'episode', 'ts', 'tbl', 'uid'];
  const rows = await ws.all(`SELECT * FROM (${q.sql}) ORDER BY ${order.join(', ')}`, [...q.parameters]);
  return rows.map((r) => `${r.uid}@${r.episode}`);
}

const FAILED_3_IN_10M =
  'correlation: {type: event_count, rules: [failed], group-by: [user_principal_name], timespan: 10m, condition: {gte: 3}}';
const alice = { user_principal_name: 'alice@contoso.com', error_code: 50126, ip_address: '203.0.113.7' };

describe('event_count windows', () => {
  it('fires when the third event is exactly one timespan after the first (bounds are inclusive)', async () => {
    const out = await run(FAILED_3_IN_10M, [signin('a', 0, alice), signin('b', 300, alice), signin('c', 600, alice)]);
    expect(out).toEqual(['a@1', 'b@1', 'c@1']);
  });

  it('fires just inside the window', async () => {
    expect(
      await run(FAILED_3_IN_10M, [signin('a', 0, alice), signin('b', 300, alice), signin('c', 599, alice)]),
    ).toHaveLength(3);
  });

  it('does not fire one second outside the window', async () => {
    expect(
      await run(FAILED_3_IN_10M, [signin('a', 0, alice), signin('b', 300, alice), signin('c', 601, alice)]),
    ).toEqual([]);
  });

  it('slides: three events straddling a clock hour still fire (no fixed buckets)', async () => {
    const rows = [signin('a', 3300, alice), signin('b', 3500, alice), signin('c', 3700, alice)];
    expect(await run(FAILED_3_IN_10M, rows)).toEqual(['a@1', 'b@1', 'c@1']);
  });

  it('groups separately, and drops events without a group value', async () => {
    const bob = { ...alice, user_principal_name: 'bob@contoso.com' };
    const none = { ...alice, user_principal_name: null };
    const rows = [
      signin('a', 0, alice),
      signin('b1', 10, bob),
      signin('b', 20, alice),
      signin('n', 25, none),
      signin('b2', 30, bob),
    ];
    expect(await run(FAILED_3_IN_10M, rows)).toEqual([]);
  });

  it('overlapping firing windows are one episode; distant bursts are two', async () => {
    const burst = (p: string, s: number) => [0, 60, 120, 180].map((d, i) => signin(`${p}${i}`, s + d, alice));
    const out = await run(FAILED_3_IN_10M, [...burst('x', 0), ...burst('y', 7200)]);
    expect(out).toEqual(['x0@1', 'x1@1', 'x2@1', 'x3@1', 'y0@2', 'y1@2', 'y2@2', 'y3@2']);
  });

  it('counts an event matched by two referenced rules once', async () => {
    const twice =
      'correlation: {type: event_count, rules: [failed, failed2], group-by: [user_principal_name], timespan: 10m, condition: {gte: 3}}';
    const more = `${BASES}---\ntitle: Failed 2\nname: failed2\nlogsource: {product: premortem, service: signins}\ndetection: {s: {error_code: 50126}, condition: s}\n`;
    expect(await run(twice, [signin('a', 0, alice), signin('b', 60, alice)], [], more)).toEqual([]);
  });
});

describe('value_count windows', () => {
  const spray =
    'correlation: {type: value_count, rules: [failed], group-by: [ip_address], timespan: 1h, condition: {gte: 3, field: user_principal_name}}';
  const from = (user: string) => ({ ...alice, user_principal_name: user });

  it('counts distinct values, not events', async () => {
    const rows = [
      signin('a', 0, from('u1')),
      signin('b', 60, from('u1')),
      signin('c', 120, from('u2')),
      signin('d', 180, from('u2')),
    ];
    expect(await run(spray, rows)).toEqual([]);
  });

  it('fires at the boundary and every event of the window is a match', async () => {
    const rows = [signin('a', 0, from('u1')), signin('b', 60, from('u2')), signin('c', 3600, from('u3'))];
    expect(await run(spray, rows)).toEqual(['a@1', 'b@1', 'c@1']);
  });

  it('not one second past it', async () => {
    expect(
      await run(spray, [signin('a', 0, from('u1')), signin('b', 60, from('u2')), signin('c', 3601, from('u3'))]),
    ).toEqual([]);
  });
});

describe('temporal windows', () => {
  const both =
    'correlation: {type: temporal, rules: [ok, role], group-by: [user], timespan: 2h, aliases: {user: {ok: user_principal_name, role: initiator_upn}}}';
  const okAlice = { user_principal_name: 'alice@contoso.com', error_code: 0 };
  const byAlice = { initiator_upn: 'alice@contoso.com' };

  it('fires in either order, across tables, exactly at the timespan', async () => {
    expect(await run(both, [signin('s', 7200, okAlice)], [role('r', 0, byAlice)])).toEqual(['r@1', 's@1']);
  });

  it('not one second past it', async () => {
    expect(await run(both, [signin('s', 7201, okAlice)], [role('r', 0, byAlice)])).toEqual([]);
  });

  it('not for another user', async () => {
    expect(await run(both, [signin('s', 60, okAlice)], [role('r', 0, { initiator_upn: 'bob@contoso.com' })])).toEqual(
      [],
    );
  });
});

describe('temporal_ordered windows', () => {
  const chain =
    'correlation: {type: temporal_ordered, rules: [failed, ok, role], group-by: [ip], timespan: 1d, aliases: {ip: {failed: ip_address, ok: ip_address, role: initiator_ip}}}';
  const ip = '203.0.113.7';
  const fail = { ip_address: ip, error_code: 50126, user_principal_name: 'alice@contoso.com' };
  const ok = { ip_address: ip, error_code: 0, user_principal_name: 'alice@contoso.com' };
  const grant = { initiator_ip: ip };

  it('fires when the rules occur in order within the timespan (exactly one day)', async () => {
    expect(await run(chain, [signin('f', 0, fail), signin('s', 600, ok)], [role('r', 86_400, grant)])).toEqual([
      'f@1',
      's@1',
      'r@1',
    ]);
  });

  it('does not fire out of order', async () => {
    expect(await run(chain, [signin('s', 0, ok), signin('f', 600, fail)], [role('r', 1200, grant)])).toEqual([]);
  });

  it('does not fire one second past the timespan', async () => {
    expect(await run(chain, [signin('f', 0, fail), signin('s', 600, ok)], [role('r', 86_401, grant)])).toEqual([]);
  });

  it('uses the latest start: an old failure followed by a fresh one still fires', async () => {
    const rows = [signin('f0', 0, fail), signin('f1', 200_000, fail), signin('s', 200_100, ok)];
    expect(await run(chain, rows, [role('r', 200_200, grant)])).toEqual(['f1@1', 's@1', 'r@1']);
  });
});

describe('new_value windows', () => {
  // A successful sign-in from an address the account has not used in the previous day, once a day of history exists.
  const NEW_ADDRESS =
    'correlation: {type: new_value, rules: [ok], group-by: [user_principal_name], timespan: 1d, condition: {field: ip_address}}';
  const ok = (ip: string | null, upn: string | null = 'alice@contoso.com') => ({
    user_principal_name: upn,
    ip_address: ip,
    error_code: 0,
  });
  const DAY = 86_400;

  it('is quiet for the first timespan of history, then fires on a value unseen for a timespan', async () => {
    const rows = [
      signin('a', 0, ok('203.0.113.1')),
      signin('b', DAY / 2, ok('203.0.113.2')), // new, but less than a day of history: quiet
      signin('c', DAY + 1, ok('203.0.113.3')), // new after a day of history
      signin('d', DAY + 2, ok('203.0.113.1')), // seen 1 day + 2 s ago: not within the day, new again
      signin('e', DAY + 60, ok('203.0.113.3')), // seen a minute ago
    ];
    expect((await run(NEW_ADDRESS, rows)).sort()).toEqual(['c@1', 'd@1']);
  });

  it('dates the history from every event of the referenced rules, those without a group or value too', async () => {
    // The earliest event has no address and another the account: neither can fire, both date the history.
    const rows = [
      signin('n', 0, ok(null)),
      signin('m', 10, ok('203.0.113.9', null)),
      signin('c', DAY + 5, ok('203.0.113.3')),
    ];
    expect(await run(NEW_ADDRESS, rows)).toEqual(['c@1']);
  });

  it('without those events, the history starts at the first addressed event', async () => {
    const rows = [signin('m', 10, ok('203.0.113.9')), signin('c', DAY + 5, ok('203.0.113.3'))];
    expect(await run(NEW_ADDRESS, rows)).toEqual([]);
  });

  it('compares with the latest earlier event across day boundaries; exactly one timespan apart is not new', async () => {
    const midnight = 50_400; // 2025-09-03T00:00:00Z, seconds after T0
    const rows = [
      signin('h', -2 * DAY, ok('203.0.113.1', 'bob@contoso.com')), // dates the history
      signin('p', midnight + 1_800, ok('203.0.113.7')), // 3 Sep 00:30: first use
      signin('q', midnight + DAY + 84_600, ok('203.0.113.7')), // 4 Sep 23:30, 47 h later: new again
      signin('r', midnight + 3 * DAY + 600, ok('203.0.113.7')), // 6 Sep 00:10, 24 h 40 min later: new again
      signin('s', midnight + 3 * DAY + 85_800, ok('203.0.113.7')), // 6 Sep 23:50, 23 h 40 min later
      signin('t', midnight + 4 * DAY + 85_800, ok('203.0.113.7')), // exactly a day after s
    ];
    expect((await run(NEW_ADDRESS, rows)).map((m) => m.split('@')[0]).sort()).toEqual(['p', 'q', 'r']);
  });

  it('keeps values apart per group', async () => {
    const rows = [
      signin('b', 10, ok('203.0.113.1', 'bob@contoso.com')),
      signin('a', 100, ok('203.0.113.1')),
      signin('c', DAY + 20, ok('203.0.113.1', 'carol@contoso.com')), // carol's first use of an address bob used
      signin('d', DAY + 50, ok('203.0.113.1')), // alice used it less than a day ago
    ];
    expect(await run(NEW_ADDRESS, rows)).toEqual(['c@1']);
  });
});

describe('chaining: a correlation over a correlation', () => {
  it("groups the inner correlation's events by a field the inner one never used", async () => {
    const text = `${BASES}---\ntitle: Many\nname: many\ncorrelation: {type: event_count, rules: [failed], group-by: [user_principal_name], timespan: 10m, condition: {gte: 3}}\n`;
    const outer = 'correlation: {type: temporal_ordered, rules: [many, ok], group-by: [ip_address], timespan: 1h}';
    const other = { ...alice, ip_address: '198.51.100.1' };
    const rows = [
      signin('a', 0, alice),
      signin('b', 60, alice),
      signin('c', 120, other),
      signin('s', 600, { ip_address: '198.51.100.1', error_code: 0, user_principal_name: 'alice@contoso.com' }),
    ];
    // The inner correlation fires for alice (3 failures, two addresses); only the failure from 198.51.100.1
    // precedes the success from the same address.
    expect(await run(outer, rows, [], text)).toEqual(['c@1', 's@1']);
  });

  it('the built-in success-after-spray fires on spray then success, and not on a typo then success', async () => {
    const builtin = loadRules(builtinRulesDir()).rules;
    const rule = builtin.find('success-after-spray');
    if (!rule) throw new Error('missing built-in rule');
    const q = compileRule(rule, { ruleSet: builtin, pipelines }).query;
    const spray = Array.from({ length: 12 }, (_, i) =>
      signin(`f${i}`, i * 60, { ...alice, user_principal_name: `u${i}@contoso.com` }),
    );
    const typo = [
      signin('t', 0, { ...alice, ip_address: '198.51.100.9' }),
      signin('t2', 30, { ...alice, ip_address: '198.51.100.9', error_code: 0 }),
    ];
    await insertRows(ws, 'signins', [...spray, ...typo, signin('win', 5000, { ...alice, error_code: 0 })], 't');
    const rows = await ws.all(`SELECT * FROM (${q.sql}) ORDER BY g0, episode, ts, tbl, uid`, [...q.parameters]);
    expect(rows.map((r) => r.uid)).toEqual([...spray.map((r) => r.uid), 'win']);
    expect(new Set(rows.map((r) => r.g0))).toEqual(new Set(['203.0.113.7']));
  });
});
