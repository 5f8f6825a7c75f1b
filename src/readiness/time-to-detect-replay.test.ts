/**
 * How fast, measured: the simulator's attacks replayed through the Graph test server into the real
 * `premortem watch` (a child process polling every 5 s), each detection point exposed half an interval after a
 * poll, timed from the moment the server exposes its events to the moment watch prints the alert. The same method
 * as test/graph-server/time-to-alert.ts (the `npm run bench` figure for the spray), extended to the seed-003
 * backdoor, the seed-000 MFA rollback and the seed-004 token theft (the replayed session's sign-ins, and the
 * forged-token MailItemsAccessed records through the server's Office 365 Management Activity API); the
 * measurements then combine with Microsoft's pipeline delay into the end-to-end figures of `premortem readiness`.
 * About a minute on a busy 2-core machine: real polls, real time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/graph-server/run-cli.js';
import { type GraphTestServer, startGraphServer } from '../../test/graph-server/server.js';
import { type GraphObject, shiftTimes, TIME_FIELD } from '../../test/graph-server/tenant-data.js';
import { simulate, truthOf, type UalRecord } from '../simulate/index.js';
import type { TechniqueCoverage } from './coverage.js';
import { sourceDef } from './sources.js';
import { DETECTION_SCENARIOS, type DetectionMeasurement, processingMs, timeToDetect } from './time-to-detect.js';

const INTERVAL_MS = 5_000;
const SEED = 3;
const attack = simulate({ seed: SEED, scenario: 'all' });
const ordinary = simulate({ seed: SEED, scenario: 'none' });
const spray = truthOf(attack.groundTruth.scenarios, 'spray-backdoor');
const mfa = truthOf(attack.groundTruth.scenarios, 'mfa-exception');
const theft = truthOf(attack.groundTruth.scenarios, 'token-theft');

/**
 * Whether the Graph test server serves the unified audit log (the `unifiedAuditLog` collection behind its Office
 * 365 Management Activity API). Until it does, the steps whose evidence is only there are left out, so this suite
 * stays green while that work lands; a step's sign-ins never depend on it.
 */
const UAL_SERVED = Object.hasOwn(TIME_FIELD, 'unifiedAuditLog');

/** One detection point to replay: the events to expose and the alert title that must follow. */
interface Step {
  readonly scenario: string;
  readonly technique: string;
  readonly title: string;
  readonly signIns: GraphObject[];
  readonly audits: GraphObject[];
  /** Management Activity API records (AuditData), served through the test server's `unifiedAuditLog`. */
  readonly ual: GraphObject[];
  /** The newest of the step's event times: it is moved to 5 s before the exposure. */
  readonly newest: number;
  /** Whether the built-in rules must alert; a step that may go undetected is timed when it alerts, else reported. */
  readonly required: boolean;
}

const asObjects = <T>(xs: readonly T[]) => xs as unknown as GraphObject[];
/** UAL CreationTime is UTC without a zone letter: parse it as UTC, and keep that format when moving it. */
const ualMs = (r: { CreationTime: string }) => Date.parse(`${r.CreationTime}Z`);
const shiftUal = (records: readonly GraphObject[], delta: number): GraphObject[] =>
  records.map((r) => ({
    ...r,
    CreationTime: new Date(ualMs(r as { CreationTime: string }) + delta).toISOString().slice(0, 19),
  }));
const theftSignIns = (() => {
  if (!theft) return [];
  const own = attack.signIns.find((s) => s.id === theft.signInIds.victimSignIn);
  const start = Date.parse(own?.createdDateTime ?? '');
  // The victim's morning in the session and the replays inside its first hour: the session in two countries.
  const ids = new Set([theft.signInIds.victimSignIn, theft.signInIds.victimRefresh, ...theft.signInIds.replays]);
  const hour = attack.signIns
    .filter((s) => ids.has(s.id) && Date.parse(s.createdDateTime) < start + 3_600_000)
    .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
  // In the tenant the victim's own sign-ins were in Graph 35 minutes before the first replay; exposed together
  // here, they would be late events older than watch's 10-minute overlap and never read. A minute apart, in the
  // same order, they stay inside the rule's hour and inside the overlap: what is timed is premortem, not the gap.
  const last = Date.parse(hour.at(-1)?.createdDateTime ?? '');
  return hour.map((s, i) => ({
    ...s,
    createdDateTime: `${new Date(last - (hour.length - 1 - i) * 60_000).toISOString().slice(0, 19)}Z`,
  }));
})();
const forgedReads: UalRecord[] = theft
  ? attack.unifiedAuditLog.filter((r) => r.Id === theft.ualIds.forgedReads[0])
  : [];
const sprayEnd = Date.parse(spray?.spray.end ?? '');
const ordinaryIds = new Set(ordinary.signIns.map((s) => s.id));
const STEPS: Step[] = [
  {
    scenario: 'spray-backdoor',
    technique: 'password-spray',
    // Watch announces the campaign that folds the spray's views (detect/campaigns.ts), not its per-address member.
    title: 'Password spray campaign',
    // The last 8 minutes of the spray: Graph shows sign-ins minutes late.
    signIns: asObjects(
      attack.signIns.filter((s) => {
        const t = Date.parse(s.createdDateTime);
        return !ordinaryIds.has(s.id) && t > sprayEnd - 8 * 60_000 && t <= sprayEnd;
      }),
    ),
    audits: [],
    ual: [],
    newest: sprayEnd,
    required: true,
  },
  {
    scenario: 'spray-backdoor',
    technique: 'privileged-role-to-service-principal',
    title: 'Privileged role assigned to a service principal outside PIM',
    signIns: [],
    ual: [],
    audits: asObjects(attack.directoryAudits.filter((a) => a.id === spray?.auditIds.roleAssignment)),
    newest: Date.parse(
      attack.directoryAudits.find((a) => a.id === spray?.auditIds.roleAssignment)?.activityDateTime ?? '',
    ),
    required: true,
  },
  {
    scenario: 'mfa-rollback',
    technique: 'conditional-access-weakened',
    title: 'Conditional Access policy relaxed (MFA removed, exclusions added, or scope narrowed)',
    signIns: [],
    ual: [],
    audits: asObjects(attack.directoryAudits.filter((a) => a.id === mfa?.auditIds.rolledBack)),
    newest: Date.parse(attack.directoryAudits.find((a) => a.id === mfa?.auditIds.rolledBack)?.activityDateTime ?? ''),
    required: true,
  },
  {
    scenario: 'storm-0558-mail-access',
    technique: 'token-replay',
    title: 'One session used from several countries',
    signIns: asObjects(theftSignIns),
    audits: [],
    ual: [],
    newest: Math.max(...theftSignIns.map((s) => Date.parse(s.createdDateTime))),
    required: true,
  },
  ...(UAL_SERVED
    ? [
        {
          scenario: 'storm-0558-mail-access',
          technique: 'mail-access-unusual-app',
          title: 'Mailbox read by an unusual application',
          signIns: [],
          audits: [],
          ual: asObjects(forgedReads),
          newest: Math.max(...forgedReads.map(ualMs)),
          required: true,
        },
      ]
    : []),
];

let server: GraphTestServer;
let work: string;
const measured: DetectionMeasurement[] = [];

beforeAll(async () => {
  server = await startGraphServer();
  work = mkdtempSync(join(tmpdir(), 'premortem-ttd-'));
  // The ordinary month, moved to end a minute ago: watch sees a live tenant.
  const monthEnd = Date.parse(ordinary.signIns[0]?.createdDateTime ?? '');
  const shift = Date.now() - 60_000 - monthEnd;
  server.data.add('signIns', shiftTimes(asObjects(ordinary.signIns), ['createdDateTime'], shift));
  server.data.add('directoryAudits', shiftTimes(asObjects(ordinary.directoryAudits), ['activityDateTime'], shift));
  // The Management Activity API beside Graph, when the server has one: watch then polls the UAL feeds too.
  const management = (server as { managementUrl?: string }).managementUrl;
  const ualEnv =
    UAL_SERVED && management !== undefined
      ? {
          PREMORTEM_MANAGEMENT_URL: management,
          PREMORTEM_MANAGEMENT_TOKEN: server.tokens.issue(server.app.clientId, management),
        }
      : {};
  const run = runCli(['--workspace', join(work, 'ws'), '--json', 'watch', '--interval', '5s', '--since', '1d'], {
    PREMORTEM_GRAPH_URL: server.graphUrl,
    PREMORTEM_GRAPH_TOKEN: server.tokens.issue(server.app.clientId),
    ...ualEnv,
  });
  const titles: { title: string; at: number }[] = [];
  let buffer = '';
  run.child.stdout?.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const title = (JSON.parse(line) as { title?: unknown }).title;
        if (typeof title === 'string') titles.push({ title, at: Date.now() });
      } catch {
        // not an alert line
      }
    }
  });
  try {
    await run.stderrMatches(/poll 1:/);
    for (const step of STEPS) {
      await new Promise((r) => setTimeout(r, INTERVAL_MS / 2));
      const exposedAt = Date.now();
      const delta = exposedAt - 5_000 - step.newest;
      if (step.signIns.length > 0) server.data.add('signIns', shiftTimes(step.signIns, ['createdDateTime'], delta));
      if (step.audits.length > 0)
        server.data.add('directoryAudits', shiftTimes(step.audits, ['activityDateTime'], delta));
      if (step.ual.length > 0) server.data.add('unifiedAuditLog', shiftUal(step.ual, delta));
      // 60 s is the bar (issue 5); a step that is not required gets six polls.
      const deadline = exposedAt + (step.required ? 60_000 : 6 * INTERVAL_MS);
      let hit: { at: number } | undefined;
      while (Date.now() < deadline && !hit) {
        hit = titles.find((t) => t.title === step.title && t.at >= exposedAt);
        if (!hit) await new Promise((r) => setTimeout(r, 100));
      }
      if (hit) {
        measured.push({
          scenario: step.scenario,
          technique: step.technique,
          availableToAlertMs: hit.at - exposedAt,
          intervalMs: INTERVAL_MS,
          method: 'watch replay through the Graph test server (interval 5s)',
          measuredAt: new Date(hit.at).toISOString(),
        });
      }
    }
  } finally {
    run.child.kill('SIGTERM');
    await run.done;
  }
}, 400_000);

afterAll(async () => {
  // The figures, for the closing note and the docs: seconds from events available to alert, per step.
  process.stderr.write(
    `time-to-detect replay: ${JSON.stringify(measured.map((m) => ({ [m.technique]: m.availableToAlertMs / 1000 })))}\n`,
  );
  // `npm run bench` runs this replay and reads the measurements from here; `premortem readiness --measurements`
  // takes the same file.
  const out = process.env.PREMORTEM_TTD_OUT;
  if (out) writeFileSync(out, `${JSON.stringify(measured, null, 2)}\n`);
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const covered = (technique: string, source: TechniqueCoverage['sourcesSent'][number]): TechniqueCoverage => ({
  technique,
  name: technique,
  attack: [],
  origin: [],
  state: 'covered',
  seeing: ['r'],
  blind: [],
  sourcesSent: [source],
  sourcesMissing: [],
});

describe('time to detect, replayed through watch', () => {
  it('raises each required alert within a minute of its events being available', () => {
    const required = STEPS.filter((s) => s.required).map((s) => s.technique);
    expect(measured.map((m) => m.technique).filter((t) => required.includes(t))).toEqual(required);
    for (const m of measured) expect(m.availableToAlertMs).toBeLessThan(60_000);
  });

  it('combines the measurements with the pipeline delay into end-to-end figures', () => {
    const sourceOf = (scenario: string, technique: string) => {
      const source = DETECTION_SCENARIOS.find((s) => s.id === scenario)?.steps.find(
        (s) => s.technique === technique,
      )?.source;
      if (source === undefined) throw new Error(`${scenario}/${technique} is not a readiness scenario step`);
      return source;
    };
    const coverage = STEPS.map((s) => covered(s.technique, sourceOf(s.scenario, s.technique)));
    const scenarios = timeToDetect(coverage, 30_000, measured);
    const step = (scenario: string, technique: string) =>
      scenarios.find((s) => s.scenario === scenario)?.steps.find((s) => s.technique === technique);
    for (const m of measured) {
      const s = step(m.scenario, m.technique);
      const own = Math.round(processingMs(m) / 100) / 10;
      expect(s?.processingS).toBe(own);
      // Typical: the source's pipeline (sign-ins 5 min, audits 3 min, UAL 90 min) + 15 s mean wait at a 30 s
      // interval + own time.
      const pipeline = (sourceDef(sourceOf(m.scenario, m.technique)).delay?.typicalMinutes ?? Number.NaN) * 60;
      expect(s?.totalTypicalS).toBe(Math.round(pipeline + 15 + own));
    }
  });
});
