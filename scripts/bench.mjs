#!/usr/bin/env node
// npm run bench [-- --events N] [-- --sweep]: ingest speed on this machine, always next to its floor measured in the same run.
// 1. writes N Graph-shape sign-ins as NDJSON (default 2,000,000);
// 2. times `premortem import` of that file into a fresh workspace (a child process; peak RSS from /proc);
// 3. times DuckDB's own read_json of the same file with a handful of projected columns (the floor);
// and prints events/s, the ratio to the floor, peak RSS and the workspace size against the NDJSON size.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);

// npm run bench -- --sweep: the detection-envelope sweep over the full grid (src/sweep/), and nothing else. Prints
// each variant with the rules that fired and the recall / false-positive table that docs/rules.md shows.
if (args.includes('--sweep')) {
  const { runSweep, scoreTable } = await import('../dist/sweep/run-sweep.js');
  const { fullGrid } = await import('../dist/sweep/grid.js');
  const grid = fullGrid();
  const t0 = Date.now();
  // A workspace per variant (see SweepOptions); progress goes to stderr so a background run's log shows it moving.
  const { variants, scores } = await runSweep(grid, 1, {
    workspacePerVariant: true,
    onProgress: (done, total) =>
      console.error(
        `${new Date().toISOString()} ${done}/${total} variants (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      ),
  });
  for (const v of variants) {
    const missed = v.inside.filter((r) => !v.fired.includes(r));
    console.log(
      `${missed.length ? 'MISS' : 'ok  '} ${v.label}: ${v.fired.join(', ') || 'no alert'}${missed.length ? ` (missed ${missed.join(', ')})` : ''}`,
    );
  }
  console.log(`\n${grid.length} variants in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  console.log(scoreTable(scores));
  const failed = variants.some(
    (v) => v.inside.some((r) => !v.fired.includes(r)) || (v.spec.kind === 'benign' && v.fired.length > 0),
  );
  process.exit(failed ? 1 : 0);
}
// npm run bench -- --fleet N: tenants per minute with 1 and 2 workers and Redis memory per tenant
// (test/graph-server/fleet-bench.ts: a real redis-server and N simulated tenants), and nothing else.
const fleetArg = args.indexOf('--fleet');
if (fleetArg >= 0) {
  const script = resolve(import.meta.dirname, '../test/graph-server/fleet-bench.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, args[fleetArg + 1] ?? '200'], {
    stdio: 'inherit',
    cwd: resolve(import.meta.dirname, '..'),
  });
  process.exit(r.status ?? 1);
}
// npm run bench -- --notify [--interval 5s] [--runs N]: seconds from an event exposed by the Graph test server to the
// signed webhook received, through the real watch, split into the wait for the next poll and premortem's own part
// (test/graph-server/time-to-alert.ts --notify), one line per run and the p95 of premortem's part; nothing else.
if (args.includes('--notify')) {
  const script = resolve(import.meta.dirname, '../test/graph-server/time-to-alert.ts');
  const interval =
    args[args.indexOf('--interval') + 1] && args.includes('--interval') ? args[args.indexOf('--interval') + 1] : '5s';
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
  const own = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--notify', '--interval', interval], {
      encoding: 'utf8',
      cwd: resolve(import.meta.dirname, '..'),
    });
    const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
    console.log(
      r.status === 0 ? `  ${line}` : `  failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`,
    );
    if (r.status === 0) own.push(JSON.parse(line).premortemSeconds);
  }
  own.sort((a, b) => a - b);
  const p95 = own[Math.min(own.length - 1, Math.ceil(own.length * 0.95) - 1)];
  console.log(
    `premortem's own part (poll that fetches the event -> webhook received), p95 of ${own.length}: ${p95} s (target <= 5 s)`,
  );
  process.exit(own.length === runs ? 0 : 1);
}
const eventsArg = args.indexOf('--events');
const N = eventsArg >= 0 ? Number(args[eventsArg + 1]) : 2_000_000;
if (!Number.isInteger(N) || N <= 0) {
  console.error('usage: npm run bench -- [--events N]');
  process.exit(2);
}
// PREMORTEM_BENCH_CLI: a build elsewhere (benching a working tree without touching dist/).
const cli = process.env.PREMORTEM_BENCH_CLI ?? resolve(import.meta.dirname, '../dist/cli/index.js');
const work = mkdtempSync(join(tmpdir(), 'premortem-bench-'));
const file = join(work, 'signins.ndjson');

// A deterministic generator of realistic records (about 900 bytes each, like real beta sign-ins).
function* records() {
  const apps = [
    ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Azure Portal'],
    ['00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'],
    ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Microsoft Teams'],
  ];
  const clients = ['Browser', 'Mobile Apps and Desktop clients', 'Authenticated SMTP', 'Exchange ActiveSync'];
  const codes = [0, 0, 0, 0, 50126, 50074, 50140];
  const t0 = Date.UTC(2025, 8, 1);
  for (let i = 0; i < N; i++) {
    const [appId, app] = apps[i % 3];
    const u = i % 5000;
    const hex = i.toString(16).padStart(12, '0');
    yield JSON.stringify({
      id: `00000000-0000-4000-8000-${hex}`,
      createdDateTime: new Date(t0 + i * 1300).toISOString().replace('.000Z', 'Z'),
      userDisplayName: `User ${u}`,
      userPrincipalName: `user${u}@contoso-bench.com`,
      userId: `11111111-0000-4000-8000-${u.toString(16).padStart(12, '0')}`,
      appId,
      appDisplayName: app,
      ipAddress: `198.51.${(i >> 8) & 255}.${i & 255}`,
      clientAppUsed: clients[i % 4],
      correlationId: `22222222-0000-4000-8000-${hex}`,
      conditionalAccessStatus: 'notApplied',
      isInteractive: true,
      riskDetail: 'none',
      riskLevelAggregated: 'none',
      riskLevelDuringSignIn: 'none',
      riskState: 'none',
      riskEventTypes_v2: [],
      resourceDisplayName: 'Microsoft Graph',
      resourceId: '00000003-0000-0000-c000-000000000000',
      status: { errorCode: codes[i % 7], failureReason: 'Other.', additionalDetails: null },
      deviceDetail: {
        deviceId: '',
        displayName: '',
        operatingSystem: 'Windows 10',
        browser: 'Edge 128.0.0',
        isCompliant: false,
        isManaged: false,
        trustType: '',
      },
      location: {
        city: 'Madrid',
        state: 'Madrid',
        countryOrRegion: 'ES',
        geoCoordinates: { altitude: null, latitude: 40.4, longitude: -3.7 },
      },
      appliedConditionalAccessPolicies: [],
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36',
      signInEventTypes: ['interactiveUser'],
      authenticationRequirement: 'singleFactorAuthentication',
      userType: 'member',
      autonomousSystemNumber: 3352,
    });
  }
}

async function writeInput() {
  const out = createWriteStream(file);
  let buf = [];
  for (const r of records()) {
    buf.push(r);
    if (buf.length === 10_000) {
      if (!out.write(`${buf.join('\n')}\n`)) await new Promise((ok) => out.once('drain', ok));
      buf = [];
    }
  }
  if (buf.length) out.write(`${buf.join('\n')}\n`);
  await new Promise((ok) => out.end(ok));
}

/** Runs a child and samples its peak resident set (VmHWM) from /proc until it exits. */
function timedChild(argv, env) {
  return new Promise((ok, fail) => {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let peakKb = 0;
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const sample = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {}
    }, 50);
    child.on('error', fail);
    child.on('exit', (code) => {
      clearInterval(sample);
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      if (code !== 0) fail(new Error(`import exited ${code}`));
      else ok({ seconds, peakMb: peakKb / 1024, stdout });
    });
  });
}

function du(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? du(p) : statSync(p).size;
  }
  return total;
}

try {
  console.log(`premortem bench: ${N.toLocaleString('en')} Graph-shape sign-ins (NDJSON)`);
  let t = Date.now();
  await writeInput();
  const bytes = statSync(file).size;
  console.log(`  input written: ${(bytes / 1e9).toFixed(2)} GB in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const ws = join(work, 'ws');
  const imp = await timedChild([cli, 'import', file, '--json'], { ...process.env, PREMORTEM_WORKSPACE: ws });
  const summary = JSON.parse(imp.stdout);
  if (summary.totals.loaded !== N) throw new Error(`import loaded ${summary.totals.loaded} of ${N}`);
  const wsBytes = du(ws);

  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  t = process.hrtime.bigint();
  const floor = await con.runAndReadAll(
    `SELECT count(*) AS n, count(DISTINCT ip) AS ips FROM read_json(?, format = 'newline_delimited', columns = {
       id: 'VARCHAR', createdDateTime: 'TIMESTAMPTZ', userPrincipalName: 'VARCHAR', ipAddress: 'VARCHAR',
       clientAppUsed: 'VARCHAR', appId: 'VARCHAR', status: 'STRUCT(errorCode INTEGER)'}) t(id, created, upn, ip, client, app, status)`,
    [file],
  );
  const floorSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const floorN = Number(floor.getRowObjects()[0].n);
  con.closeSync();
  db.closeSync();

  // A second reference: DuckDB alone reading every field of the records and writing them, as they are, to a
  // database file with the store's settings. premortem writes ~50 canonical columns per sign-in, not 7, and this
  // says how much of the gap to the read floor is the writing itself rather than premortem's mapping.
  const wdb = await DuckDBInstance.create(join(work, 'write-floor.duckdb'), { memory_limit: '1GB', threads: '2' });
  const wcon = await wdb.connect();
  await wcon.run('SET preserve_insertion_order = false');
  t = process.hrtime.bigint();
  await wcon.run(`CREATE TABLE s AS SELECT * FROM read_json(?, format = 'newline_delimited')`, [file]);
  const writeSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  // The same, to zstd Parquet (what the lake stores): DuckDB alone, no mapping, no numbering, no custody. The
  // import cannot be faster than reading the records' fields and writing them, so this bounds its ratio.
  t = process.hrtime.bigint();
  await wcon.run(
    `COPY (SELECT * FROM read_json(?, format = 'newline_delimited')) TO '${join(work, 'write-floor.parquet')}'
    (FORMAT parquet, COMPRESSION zstd)`,
    [file],
  );
  const parquetSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  rmSync(join(work, 'write-floor.parquet'), { force: true });
  wcon.closeSync();
  wdb.closeSync();
  rmSync(join(work, 'write-floor.duckdb'), { force: true });

  // The chain of custody alone: one read that hashes the file and writes its gzip copy (what the import runs beside
  // DuckDB's checking pass, on the JavaScript thread and libuv's pool). On two cores it competes with DuckDB.
  const { hashAndKeepOriginal } = await import(pathToFileURL(resolve(dirname(cli), '../store/originals.js')).href);
  t = process.hrtime.bigint();
  const custody = await hashAndKeepOriginal(join(work, 'custody'), file);
  const custodySeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const keptBytes = statSync(custody.kept).size;

  const rate = N / imp.seconds;
  const floorRate = floorN / floorSeconds;
  console.log(
    `  premortem import: ${imp.seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en')} events/s, peak RSS ${Math.round(imp.peakMb)} MB`,
  );
  console.log(
    `  floor (DuckDB read_json, 7 projected columns): ${floorSeconds.toFixed(2)} s = ${Math.round(floorRate).toLocaleString('en')} events/s`,
  );
  console.log(`  ratio to the floor: ${(rate / floorRate).toFixed(2)} (target >= 0.4)`);
  console.log(
    `  write reference (DuckDB alone: every field read and written to a database file): ${writeSeconds.toFixed(2)} s = ${Math.round(N / writeSeconds).toLocaleString('en')} events/s; premortem import = ${(writeSeconds / imp.seconds).toFixed(2)} of it`,
  );
  console.log(
    `  Parquet reference (DuckDB alone: every field read and written to one zstd Parquet file): ${parquetSeconds.toFixed(2)} s = ${(floorSeconds / parquetSeconds).toFixed(2)} of the floor; premortem import = ${(parquetSeconds / imp.seconds).toFixed(2)} of it`,
  );
  console.log(
    `  custody alone (SHA-256 + gzip -1 copy, one read): ${custodySeconds.toFixed(2)} s; kept copy ${(keptBytes / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `  workspace: ${(wsBytes / 1e6).toFixed(1)} MB = ${((100 * wsBytes) / bytes).toFixed(1)}% of the NDJSON (target <= 10%); Parquet month files ${(du(join(ws, 'lake')) / 1e6).toFixed(1)} MB`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Detection speed: all built-in rules over N stored sign-ins (and N/10 audits) against one full scan (the floor).
if (!args.includes('--skip-rules')) {
  const rulesArg = args.indexOf('--rules-events');
  const events = rulesArg >= 0 ? Number(args[rulesArg + 1]) : 10_000_000;
  console.log(`\npremortem bench: built-in rules over ${events.toLocaleString('en')} stored sign-ins`);
  const { benchRules } = await import('./bench-rules.mjs');
  console.log((await benchRules({ events })).lines.join('\n'));
}

// Time to detect per readiness scenario: the same replay as src/readiness/time-to-detect-replay.test.ts (every
// scenario's detection points exposed through the Graph test server, including the unified audit log, into the real
// `premortem watch` polling every 5 s), from events available to alert; the file it writes is what
// `premortem readiness --measurements` takes.
if (!args.includes('--skip-watch')) {
  console.log('\npremortem bench: time to detect, every readiness scenario replayed through watch (5 s interval)');
  const out = join(mkdtempSync(join(tmpdir(), 'premortem-ttd-')), 'time-to-detect.json');
  const r = spawnSync(
    process.execPath,
    [
      resolve(import.meta.dirname, '../node_modules/vitest/vitest.mjs'),
      'run',
      'src/readiness/time-to-detect-replay.test.ts',
    ],
    { encoding: 'utf8', cwd: resolve(import.meta.dirname, '..'), env: { ...process.env, PREMORTEM_TTD_OUT: out } },
  );
  if (r.status !== 0)
    console.log(`  failed (exit ${r.status}): ${(r.stdout ?? '').trim().split('\n').slice(-5).join(' ')}`);
  else {
    for (const m of JSON.parse(readFileSync(out, 'utf8'))) {
      console.log(
        `  ${m.scenario} / ${m.technique}: ${(m.availableToAlertMs / 1000).toFixed(1)} s from events available to alert`,
      );
    }
    console.log(`  measurements: ${out} (premortem readiness --measurements ${out})`);
  }
}

// Time to alert: the real `premortem watch` (default 30 s interval) against the Graph test server, from the moment
// the server exposes the seed-003 spray to the alert (test/graph-server/time-to-alert.ts).
if (!args.includes('--skip-watch')) {
  console.log('\npremortem bench: time to alert through watch (Graph test server, seed-003 spray)');
  const ttaScript = resolve(import.meta.dirname, '../test/graph-server/time-to-alert.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', ttaScript], {
    encoding: 'utf8',
    cwd: resolve(import.meta.dirname, '..'),
  });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  console.log(
    r.status === 0 ? `  ${line}` : `  failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`,
  );
}

// The dashboard: page render times of `premortem serve --demo` (scripts/bench-serve.mjs; target p95 < 200 ms).
if (!args.includes('--skip-serve')) {
  console.log('\npremortem bench: dashboard pages on the demo workspace (premortem serve --demo)');
  const { benchServe } = await import('./bench-serve.mjs');
  try {
    console.log((await benchServe({ cli })).lines.join('\n'));
  } catch (err) {
    console.log(`  failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
