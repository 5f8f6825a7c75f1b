#!/usr/bin/env node
// node scripts/bench-rules.mjs [--events N]: detection speed next to its floor, measured in the same run.
// 1. generates N sign-ins and N/10 directory audits straight into a workspace's write buffers (INSERT ... SELECT
//    FROM range(), so generation takes seconds, not the import path) and compacts them into Parquet month files,
//    as the store holds a long history (docs/lake.md);
// 2. times one full scan of both tables, every column (the floor: what reading the data once costs);
// 3. times every built-in rule's compiled query over the same tables (the matches are counted, not stored);
// 4. times `investigate --user` (the footprint of one account) and `timeline` of an alert on one account;
// and prints the rules' total against the floor. scripts/bench.mjs can call benchRules() and print its lines.
// Modules come from dist/ (npm run build); PREMORTEM_BENCH_MODULES=src with `npx tsx` benches the working tree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');

async function modules(base) {
  const load = (p) => import(pathToFileURL(join(root, base, p)).href);
  const [
    { Workspace },
    { compileRules, compileShared },
    { builtinRulesDir, builtinPipelinesDir },
    { loadRules },
    { loadPipelines, PipelineSet },
    { compactAll },
    { buildFootprint },
    { buildTimeline },
    { fillSharedScans, dropSharedScans, runnableWith },
  ] = await Promise.all([
    load('store/workspace.js'),
    load('compile/compile.js'),
    load('rules/content.js'),
    load('rules/loader.js'),
    load('rules/pipeline.js'),
    load('store/compact.js'),
    load('investigate/footprint.js'),
    load('investigate/timeline.js'),
    load('detect/shared-fill.js'),
  ]);
  return {
    Workspace,
    compileRules,
    compileShared,
    builtinRulesDir,
    builtinPipelinesDir,
    loadRules,
    loadPipelines,
    PipelineSet,
    compactAll,
    buildFootprint,
    buildTimeline,
    fillSharedScans,
    dropSharedScans,
    runnableWith,
  };
}

// Realistic mixes: most sign-ins succeed, a few fail on the password (some from a handful of spraying
// addresses), some legacy protocols; audits are mostly PIM and user management.
const SIGNINS = (n) => `
INSERT INTO signins_inline (uid, source_id, source_shape, evidence_sha256, record_index, time_source, created_at, event_type,
  user_id, user_principal_name, app_id, app_display_name, ip_address, country, client_app, is_legacy_auth,
  user_agent, error_code, authentication_requirement, authentication_protocol, session_id, device_id, device_os,
  risk_level_during_signin, risk_level_aggregated)
SELECT 'b-' || i, 'b-' || i, 'bench', 'bench', i, 'event',
  TIMESTAMPTZ '2025-09-01 00:00:00+00' + to_milliseconds(CAST(i AS BIGINT) * (CAST(2592000000 AS BIGINT) // ${n})),
  CASE WHEN i % 500 = 0 THEN 'servicePrincipal' ELSE 'interactiveUser' END,
  'u-' || (i % 20000), 'user' || (i % 20000) || '@contoso-bench.com',
  'app-' || (i % 7), ['Office 365 Exchange Online', 'Azure Portal', 'Microsoft Teams', 'OfficeHome', 'SharePoint Online', 'Outlook', 'My Apps'][(i % 7) + 1],
  CASE WHEN i % 97 = 0 THEN '203.0.113.' || (i % 5) ELSE '198.' || ((i // 65536) % 256) || '.' || ((i // 256) % 256) || '.' || (i % 256) END,
  ['SG', 'SG', 'SG', 'MY', 'DE', 'US'][((i % 20000) % 6) + 1],
  ['Browser', 'Mobile Apps and Desktop clients', 'Browser', 'Authenticated SMTP', 'Exchange ActiveSync'][(i % 5) + 1],
  i % 5 = 3,
  'Mozilla/5.0 bench',
  CASE WHEN i % 97 = 0 THEN 50126 WHEN i % 13 = 0 THEN 50074 WHEN i % 31 = 0 THEN 50126 WHEN i % 1001 = 0 THEN 500121 ELSE 0 END,
  CASE WHEN i % 3 = 0 THEN 'singleFactorAuthentication' ELSE 'multiFactorAuthentication' END,
  CASE WHEN i % 5 = 4 THEN 'ropc' ELSE 'none' END,
  's-' || (i % 20000) || '-' || (i // 1000000), 'd-' || (i % 30000), 'Windows', 'none', 'none'
FROM range(${n}) t(i)`;

const AUDITS = (n) => `
INSERT INTO audits_inline (uid, source_id, source_shape, evidence_sha256, record_index, time_source, activity_at, activity,
  activity_key, category, logged_by_service, operation_type, result, initiator_type, initiator_upn,
  initiator_display_name, initiator_sp_id, target_id, target_type, target_upn, target_display_name, role_name,
  target_resources)
SELECT 'a-' || i, 'a-' || i, 'bench', 'bench', i, 'event',
  TIMESTAMPTZ '2025-09-01 00:00:00+00' + to_milliseconds(CAST(i AS BIGINT) * (CAST(2592000000 AS BIGINT) // ${n})),
  a, lower(a), 'UserManagement', 'Core Directory', 'Update', 'success',
  CASE WHEN i % 3 = 0 THEN 'app' ELSE 'user' END, 'admin' || (i % 50) || '@contoso-bench.com',
  CASE WHEN i % 3 = 0 THEN 'MS-PIM' END, 'sp-' || (i % 9), 't-' || (i % 20000), 'User',
  'user' || (i % 20000) || '@contoso-bench.com', NULL, 'Helpdesk Administrator',
  '[{"modifiedProperties":[{"displayName":"JobTitle","oldValue":"[]","newValue":"[\\"Analyst\\"]"}]}]'
FROM (SELECT i, ['Update user', 'Add member to role', 'Remove member from role', 'Add member to group',
  'Reset user password', 'Add user'][(i % 6) + 1] AS a FROM range(${n}) t(i))`;

/**
 * Generates the data, times the floor and every built-in rule; returns the figures and printable lines.
 * `events`: sign-ins (audits are a tenth of it). `base`: 'dist' or 'src' (with tsx).
 */
export async function benchRules({ events = 10_000_000, base = process.env.PREMORTEM_BENCH_MODULES ?? 'dist' } = {}) {
  const m = await modules(base);
  // PREMORTEM_BENCH_KEEP=DIR keeps the generated workspace there (for profiling queries against it afterwards).
  const keep = process.env.PREMORTEM_BENCH_KEEP;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'premortem-bench-rules-'));
  let ws = await m.Workspace.open(dir);
  try {
    const audits = Math.max(1, Math.floor(events / 10));
    let t = performance.now();
    await ws.run(SIGNINS(events));
    await ws.run(AUDITS(audits));
    const generate = (performance.now() - t) / 1000;
    t = performance.now();
    await m.compactAll(ws);
    await ws.run('CHECKPOINT');
    const compact = (performance.now() - t) / 1000;
    // Detection runs in a process of its own (`premortem detect --full` after the import), not in the one that has
    // just written 11 million rows and holds their pages: the floor and the rules are both timed after a reopen.
    ws.close();
    ws = await m.Workspace.open(dir);

    // The floor: every column of both tables read once.
    t = performance.now();
    await ws.all('SELECT sum(hash(COLUMNS(*))) FROM signins');
    await ws.all('SELECT sum(hash(COLUMNS(*))) FROM audits');
    const floor = (performance.now() - t) / 1000;

    const loaded = m.loadRules(m.builtinRulesDir());
    const pipelines = new m.PipelineSet(m.loadPipelines(m.builtinPipelinesDir()));
    // As `detect --full` runs them: the base scans several rules read are kept once for the run (compileShared).
    const { compiled: each } = m.compileRules(loaded.rules, pipelines);
    const { compiled: shared, scans } = m.compileShared(each, { ruleSet: loaded.rules, pipelines });
    const perRule = [];
    t = performance.now();
    const filled = await m.fillSharedScans(ws, scans);
    const sharedScans = (performance.now() - t) / 1000;
    const compiled = m.runnableWith(shared, filled);
    for (const c of compiled) {
      const s = performance.now();
      const [row] = await ws.all(`SELECT count(*) AS n FROM (${c.query.sql})`, [...c.query.parameters]);
      perRule.push({
        rule: c.rule.meta.name ?? c.ruleId,
        seconds: (performance.now() - s) / 1000,
        matches: Number(row.n),
      });
    }
    const rules = (performance.now() - t) / 1000;
    await m.dropSharedScans(ws, scans);
    const ratio = rules / floor;

    // One account's footprint and the timeline of an alert on it (a successful sign-in of that account as its
    // evidence), best of three: the first run of each also reads the files' footers.
    const upn = 'user7@contoso-bench.com';
    const best = async (fn) => {
      let min = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const s = performance.now();
        await fn();
        min = Math.min(min, (performance.now() - s) / 1000);
      }
      return min;
    };
    const footprintRun = await m.buildFootprint(ws, { kind: 'user', value: upn });
    const investigate = await best(() => m.buildFootprint(ws, { kind: 'user', value: upn }));
    const [first] = await ws.all(
      'SELECT uid, source_id, created_at FROM signins WHERE user_principal_name = $1 AND error_code = 0 ORDER BY created_at LIMIT 1',
      [upn],
    );
    const ev = { ...first, created_at: new Date(first.created_at).toISOString() };
    await ws.run(
      `INSERT INTO alerts VALUES ('bench-alert', 'bench', 'Bench alert on one account', 'high', $1::TIMESTAMPTZ,
        $1::TIMESTAMPTZ, $2, $3, '[]', 'one account', 1, now())`,
      [ev.created_at, upn, JSON.stringify({ users: [upn] })],
    );
    await ws.run("INSERT INTO alert_evidence VALUES ('bench-alert', $1, $2, 'signins', $3::TIMESTAMPTZ)", [
      ev.uid,
      ev.source_id,
      ev.created_at,
    ]);
    const timelineRun = await m.buildTimeline(ws, { alertIds: ['bench-alert'] });
    const timeline = await best(() => m.buildTimeline(ws, { alertIds: ['bench-alert'] }));
    const slowest = [...perRule].sort((a, b) => b.seconds - a.seconds).slice(0, 5);
    const lines = [
      `Detection over ${events.toLocaleString('en')} sign-ins and ${audits.toLocaleString('en')} audits (generated in ${generate.toFixed(1)} s, compacted into Parquet month files in ${compact.toFixed(1)} s):`,
      `  floor, one full scan of both tables: ${floor.toFixed(2)} s`,
      `  ${compiled.length} built-in rules: ${rules.toFixed(2)} s = ${ratio.toFixed(2)}x the floor (target <= 2x), of which ${filled.size} shared base scans (of ${scans.list().length}) ${sharedScans.toFixed(2)} s`,
      `  slowest: ${slowest.map((r) => `${r.rule} ${r.seconds.toFixed(2)} s`).join(', ')}`,
      `  investigate --user ${upn} (${footprintRun.signins.length} sign-in groups, ${footprintRun.actions.length} actions): ${(investigate * 1000).toFixed(0)} ms (target < 200 ms)`,
      `  timeline of an alert on that account (${timelineRun.entries.length} entries): ${(timeline * 1000).toFixed(0)} ms (target < 200 ms)`,
    ];
    return {
      events,
      audits,
      generate,
      compact,
      floor,
      rules,
      sharedScans,
      ratio,
      perRule,
      investigate,
      timeline,
      lines,
    };
  } finally {
    ws.close();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--events');
  const events = at >= 0 ? Number(args[at + 1]) : 10_000_000;
  if (!Number.isInteger(events) || events <= 0) {
    console.error('usage: node scripts/bench-rules.mjs [--events N]');
    process.exit(2);
  }
  const result = await benchRules({ events });
  console.log(result.lines.join('\n'));
  if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
}
