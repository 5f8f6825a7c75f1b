/**
 * Time to alert, measured end to end: `premortem watch` (the real CLI, a child process) polls a test server that
 * serves a simulated tenant; at a moment between two polls the server exposes the last minutes of the seed-003
 * password spray (events that happened up to 8 minutes ago, as Graph shows sign-ins minutes late); the clock runs
 * until watch prints the "Password spray campaign" alert. Prints one JSON object.
 *
 *   node --import tsx test/graph-server/time-to-alert.ts [--interval 30s] [--seed 3] [--notify]
 *
 * --notify: watch also delivers notifications (PREMORTEM_WEBHOOK_URL to a verifying receiver on 127.0.0.1), and the
 * clock runs until the signed webhook about the spray is received, split into the wait for the next poll (exposed
 * until the first sign-in page holding the spray is served) and premortem's own part (that page until the webhook).
 *
 * For `npm run bench` (time-to-alert); the default interval is watch's own default.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDuration } from '../../src/core/time.js';
import { simulate, truthOf } from '../../src/simulate/index.js';
import { startReceiver } from '../webhook-receiver.js';
import { runCli } from './run-cli.js';
import { startGraphServer } from './server.js';
import { type GraphObject, shiftTimes } from './tenant-data.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const intervalText = arg('--interval') ?? '30s';
const intervalMs = parseDuration(intervalText) ?? 30_000;
const seed = Number(arg('--seed') ?? 3);
// The campaign that folds the spray's views is what watch announces (detect/campaigns.ts).
const SPRAY_TITLE = 'Password spray campaign';
const LATENESS_MS = 8 * 60_000;

const attack = simulate({ seed, scenario: 'spray-backdoor' });
const ordinary = simulate({ seed, scenario: 'none' });
const ordinaryIds = new Set(ordinary.signIns.map((s) => s.id));
const sprayEnd = Date.parse(
  truthOf(attack.groundTruth.scenarios, 'spray-backdoor')?.spray.end ?? '2025-09-25T21:45:18Z',
);
const sprayTail = attack.signIns.filter((s) => {
  const t = Date.parse(s.createdDateTime);
  return !ordinaryIds.has(s.id) && t > sprayEnd - LATENESS_MS && t <= sprayEnd;
}) as unknown as GraphObject[];

const server = await startGraphServer();
// The ordinary month, moved to end a minute ago: watch sees a live tenant.
const monthEnd = Date.parse(ordinary.signIns[0]?.createdDateTime ?? '2025-10-03T00:00:00Z');
const start = Date.now();
server.data.add(
  'signIns',
  shiftTimes(ordinary.signIns as unknown as GraphObject[], ['createdDateTime'], start - 60_000 - monthEnd),
);
server.data.add(
  'directoryAudits',
  shiftTimes(ordinary.directoryAudits as unknown as GraphObject[], ['activityDateTime'], start - 60_000 - monthEnd),
);

const notify = args.includes('--notify');
const secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const receiver = notify ? await startReceiver(secret) : undefined;
let fetchedAt = 0;
let webhookAt = 0;
const webhooked = new Promise<void>((resolve) => {
  if (!receiver) return;
  receiver.respond = (r) => {
    if (exposedAt > 0 && webhookAt === 0 && r.ok && /spray/i.test(r.body)) {
      webhookAt = Date.now();
      resolve();
    }
    return 204;
  };
});
server.onRequest = (r) => {
  if (exposedAt > 0 && fetchedAt === 0 && r.path.includes('signIns') && (r.items ?? 0) > 0) fetchedAt = Date.now();
};

const work = mkdtempSync(join(tmpdir(), 'premortem-tta-'));
const run = runCli(['--workspace', join(work, 'ws'), '--json', 'watch', '--interval', intervalText, '--since', '1d'], {
  PREMORTEM_GRAPH_URL: server.graphUrl,
  PREMORTEM_GRAPH_TOKEN: server.tokens.issue(server.app.clientId),
  ...(receiver ? { PREMORTEM_WEBHOOK_URL: receiver.url, PREMORTEM_WEBHOOK_SECRET: secret } : {}),
});
let exposedAt = 0;
let alertAt = 0;
let buffer = '';
const alerted = new Promise<void>((resolve) => {
  run.child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (exposedAt > 0 && alertAt === 0 && (JSON.parse(line) as { title?: string }).title === SPRAY_TITLE) {
        alertAt = Date.now();
        resolve();
      }
    }
  });
});

await run.stderrMatches(/poll 1:/);
// Half an interval after a poll ends: the spray arrives between two polls.
await new Promise((r) => setTimeout(r, intervalMs / 2));
exposedAt = Date.now();
server.data.add('signIns', shiftTimes(sprayTail, ['createdDateTime'], exposedAt - 5_000 - sprayEnd));
let timer: NodeJS.Timeout | undefined;
const timeout = new Promise<void>((r) => {
  timer = setTimeout(r, Math.max(120_000, 4 * intervalMs));
});
await Promise.race([notify ? Promise.all([alerted, webhooked]) : alerted, timeout]);
clearTimeout(timer);
run.child.kill('SIGTERM');
const done = await run.done;
await server.close();
await receiver?.close();
rmSync(work, { recursive: true, force: true });

const result = {
  metric: 'time-to-alert',
  rule: SPRAY_TITLE,
  intervalSeconds: intervalMs / 1000,
  sprayEventsExposed: sprayTail.length,
  timeToAlertSeconds: alertAt > 0 ? Math.round((alertAt - exposedAt) / 100) / 10 : null,
  withinSixtySeconds: alertAt > 0 && alertAt - exposedAt < 60_000,
  ...(notify
    ? {
        timeToWebhookSeconds: webhookAt > 0 ? Math.round((webhookAt - exposedAt) / 100) / 10 : null,
        waitForPollSeconds: fetchedAt > 0 ? Math.round((fetchedAt - exposedAt) / 100) / 10 : null,
        premortemSeconds: webhookAt > 0 && fetchedAt > 0 ? Math.round((webhookAt - fetchedAt) / 100) / 10 : null,
      }
    : {}),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
if (alertAt === 0 || (notify && webhookAt === 0)) {
  process.stderr.write(done.stderr.slice(-2000));
  process.exitCode = 1;
}
