#!/usr/bin/env node
// npm run demo: the main job on the built-in demo tenant, through the real CLI (dist/cli/index.js):
// simulate the tenant (seed-000, seed-003 and seed-004 stories) as Graph JSON, the unified audit log as Management
// Activity API content blobs and the configuration snapshot, import all of it into
// a fresh workspace, detect, group the alerts into incidents, print the seed-003 incident's timeline (also written to
// report.md), assess posture and pilot blocking legacy auth, and write the incident's HTML report to report.html.
// Everything lives in a temporary folder except report.md and report.html.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { md } from '../dist/core/escape.js';
import { verifyRequest } from '../dist/notify/standard-webhooks.js';

const cli = resolve(import.meta.dirname, '../dist/cli/index.js');
const work = mkdtempSync(join(tmpdir(), 'premortem-demo-'));
const tenant = join(work, 'tenant');
const env = { ...process.env, PREMORTEM_WORKSPACE: join(work, 'workspace') };
const started = Date.now();

function step(title) {
  process.stdout.write(`\n\x1b[1m== ${title}\x1b[0m\n`);
}

function run(args, { capture = false, okCodes = [0] } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    env,
    encoding: 'utf8',
    stdio: capture ? 'pipe' : 'inherit',
    maxBuffer: 1 << 30,
  });
  if (!okCodes.includes(r.status ?? -1)) {
    if (capture) process.stderr.write(r.stderr ?? '');
    process.stderr.write(`demo: premortem ${args.join(' ')} exited ${r.status}\n`);
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  }
  return r.stdout ?? '';
}

/**
 * `premortem notify send` against a signed-webhook receiver on 127.0.0.1 in this process (so the child runs
 * asynchronously: a synchronous spawn would leave the receiver unable to answer). Returns the CLI's JSON summary
 * and how many requests the receiver verified.
 */
async function notifyToLocalReceiver() {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  let verified = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const ok = verifyRequest(secret, req.headers, Buffer.concat(chunks).toString('utf8'), new Date()).ok;
      if (ok) verified++;
      res.writeHead(ok ? 204 : 401).end();
    });
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${server.address().port}/premortem`;
  const child = spawn(process.execPath, [cli, 'notify', 'send', '--flush-digest', '--json'], {
    env: { ...env, PREMORTEM_WEBHOOK_URL: url, PREMORTEM_WEBHOOK_SECRET: secret },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise((done) => child.on('close', done));
  server.close();
  if (code !== 0) {
    process.stderr.write(`demo: premortem notify send exited ${code}\n`);
    process.exit(1);
  }
  return { summary: JSON.parse(out), verified };
}

/**
 * The seed-003 incident: the one that involves the takeover address, fixed across seeds by the simulator
 * (src/simulate/scenarios/spray-backdoor/attacker.ts); other scenarios may add incidents of their own.
 */
function pickIncident(incidents) {
  const seed003 =
    incidents.find((i) => i.entities.ips.includes('203.0.113.57')) ??
    incidents.find((i) => i.severity === 'critical') ??
    incidents[0];
  if (!seed003) {
    process.stderr.write('demo: no incident found\n');
    process.exit(1);
  }
  return seed003.id;
}

try {
  step(
    '1. Simulate the demo tenant (500 users, 30 days) with the seed-000, seed-003 and seed-004 stories, as Graph JSON and UAL',
  );
  run(['simulate', '--out', tenant, '--seed', '1']);

  step('2. Import the Graph JSON and the unified audit log into a fresh workspace');
  const imported = JSON.parse(run(['import', tenant, '--json'], { capture: true }));
  const t = imported.totals;
  process.stdout.write(
    `${t.files} files: read ${t.read}, loaded ${t.loaded}, duplicate ${t.duplicate}, rejected ${t.rejected}\n`,
  );

  step('3. Detect');
  run(['detect']);

  step('4. Incidents: alerts grouped by the entities they share');
  run(['incidents']);
  const incidents = JSON.parse(run(['incidents', '--json'], { capture: true }));
  const incident = incidents.find((i) => i.id === pickIncident(incidents));
  const incidentId = incident.id;

  step('4b. Notifications: what the month sends (a signed webhook to a receiver on 127.0.0.1), not one per alert');
  const alertCount = JSON.parse(run(['alerts', '--json'], { capture: true })).length;
  const { summary, verified } = await notifyToLocalReceiver();
  for (const m of summary.messages) process.stdout.write(`${m.kind.padEnd(18)} ${m.title}\n`);
  const q = summary.quiet;
  process.stdout.write(
    `${alertCount} alerts, ${summary.changes} alert changes -> ${summary.messages.length} notifications; ${verified} received with a valid signature; kept quiet: ${q.folded} folded into incidents already told, ${q.excepted} excepted, ${q.suppressed} suppressed\n`,
  );

  step(`5. Timeline of the seed-003 incident (${incidentId})`);
  run(['timeline', '--incident', incidentId]);

  const timelineMd = run(['timeline', '--incident', incidentId, '--format', 'md'], { capture: true });
  const alerts = JSON.parse(run(['alerts', '--json'], { capture: true }));
  const list = (Array.isArray(alerts) ? alerts : alerts.alerts).filter((a) => incident.alert_ids.includes(a.id));
  const report = [
    '# premortem demo report: seed-003 (password spray → permanent Global Administrator backdoor)',
    '',
    `Generated from the simulated demo tenant (seed 1). ${t.loaded} events imported; incident ${incidentId}: ${list.length} alerts.`,
    '',
    '## Alerts',
    '',
    '| Severity | Rule | First seen (UTC) | Last seen (UTC) | Entities |',
    '|---|---|---|---|---|',
    ...list.map((a) => {
      const e = a.entities;
      const users = e.users.length > 3 ? [...e.users.slice(0, 3), `+${e.users.length - 3} more`] : e.users;
      const ents = [...e.ips, ...e.service_principals, ...users].join(', ');
      return `| ${a.severity} | ${md(a.title)} | ${a.first_seen} | ${a.last_seen} | ${md(ents)} |`;
    }),
    '',
    '## Timeline',
    '',
    timelineMd,
  ].join('\n');
  writeFileSync('report.md', report);

  step('6. Posture of the same tenant (configuration snapshot imported with the logs), and a rollout pilot');
  // The seed-000 lesson: the executive excluded from MFA with no exception, and what blocking legacy auth would break.
  const posture = run(['assess'], { capture: true, okCodes: [0, 1] }).split('\n');
  process.stdout.write(`${posture.slice(0, 14).join('\n')}\n  … (premortem assess for all checks)\n`);
  const impact = run(['impact', '--policy', 'block-legacy-auth'], { capture: true, okCodes: [0, 1] }).split('\n');
  process.stdout.write(`${impact.slice(0, 10).join('\n')}\n`);

  step('7. The premortem questions: how far back, how do we know, how fast');
  // As of the newest event held: the demo tenant's collection "ended" when the simulation did.
  const readiness = run(['readiness', '--now', 'latest'], { capture: true }).split('\n');
  process.stdout.write(`${readiness.slice(0, 16).join('\n')}\n  … (premortem readiness --now latest for all of it)\n`);

  step('8. The incident report');
  const html = resolve('report.html');
  run(['report', '--incident', incidentId, '--format', 'html', '--out', html, '--now', 'latest']);

  step('9. The claim checker: every claim of the report and its timeline read again from its records');
  // The same report as JSON (what the HTML says), checked independently of the code that wrote it
  // (src/report/claim-check.ts): the executive summary, impact and detection sentences ("from an attacker address",
  // "first success", who and when) and every timeline line (its records exist and fall inside the line's times).
  const reportJson = JSON.parse(
    run(['report', '--incident', incidentId, '--format', 'json', '--now', 'latest'], { capture: true }),
  );
  const { Workspace } = await import('../dist/store/workspace.js');
  const { checkClaims, checkTimeline, reportSentences } = await import('../dist/report/claim-check.js');
  const sentences = reportSentences(reportJson);
  const ws = await Workspace.open(env.PREMORTEM_WORKSPACE);
  let failures;
  try {
    failures = [...(await checkClaims(ws, sentences)), ...(await checkTimeline(ws, reportJson.timeline))];
  } finally {
    ws.close();
  }
  const claims = sentences.reduce((n, s) => n + s.claims.length, 0);
  const cited = new Set([...sentences.flatMap((s) => s.uids), ...reportJson.timeline.flatMap((e) => e.evidence.uids)]);
  process.stdout.write(
    `${sentences.length} sentences (${claims} claims) and ${reportJson.timeline.length} timeline lines on ${cited.size} records: ${failures.length === 0 ? 'every claim borne out' : `${failures.length} NOT borne out`}\n`,
  );
  for (const f of failures) process.stdout.write(`  ${f.reason}: ${f.sentence}\n`);
  if (failures.length > 0) process.exitCode = 1;
  step(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${resolve('report.md')} and the HTML report of incident ${incidentId}: ${html}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
