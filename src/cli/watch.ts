import type { Command } from 'commander';
import { collectLogs } from '../collect/collect-logs.js';
import { type DetectionStep, type PollReport, watchLoop } from '../collect/watch.js';
import { parseDuration } from '../core/time.js';
import type { Alert } from '../detect/alert.js';
import { renderAlertTable } from '../detect/alert-table.js';
import { markAnnounced, type OwedAnnouncements, owedAnnouncements } from '../detect/announcements.js';
import { DetectionEngine } from '../detect/engine.js';
import { loadNotifyConfig, type NotifyConfig } from '../notify/config.js';
import type { DeliveryResult } from '../notify/sender.js';
import { builtinRulesDir } from '../rules/content.js';
import type { GraphFlags } from '../sources/graph/settings.js';
import type { Workspace } from '../store/workspace.js';
import {
  addGraphOptions,
  collectProgress,
  graphSessionFor,
  parseEndpoints,
  parseOverlap,
  parsePageSize,
  parseSince,
  progress,
  redacting,
} from './collect.js';
import { failOnThreshold, globalOptions, say, usageError, withWorkspace } from './common.js';
import { applyFailOn } from './detect.js';
import { stdout } from './io.js';
import { deliverAsWeGo } from './notify-context.js';
import { terminalSafe } from './terminal.js';

/** A detection step whose alerts are marked announced only when the caller has shown them. */
export interface AnnouncingDetection extends DetectionStep<Alert> {
  /** Marks what the last run returned as announced; call once it is printed (or otherwise shown). */
  shown(): Promise<void>;
}

/** Built-in rules (plus --rules), compiled once; each poll runs them over the store and returns new or grown alerts. */
export function builtinDetection(
  ws: Workspace,
  extraRules: readonly string[] = [],
  notify?: NotifyConfig,
  onDeliveries?: (results: readonly DeliveryResult[]) => void,
): AnnouncingDetection {
  const engine = DetectionEngine.load([builtinRulesDir(), ...extraRules]);
  for (const e of engine.skipped) progress(`rule skipped: ${e.message}`);
  progress(`watching with ${engine.compiled.length} rule(s)`);
  let unshown: OwedAnnouncements['keys'] = [];
  // Incremental: each poll evaluates only what arrived, yet windows spanning polls still close (detect/incremental.ts).
  const step = async () => {
    const result = await engine.run(ws);
    for (const e of result.errors) progress(`rule failed: ${e.message}`);
    // What the store owes, not what this poll found: alerts stored by a run that died before showing them are
    // shown now. Marked only by shown(), once the printer had them: a watch killed in between shows them again.
    const owed = await owedAnnouncements(ws);
    unshown = owed.keys;
    // Delivered as we go: the outbox rows this run wrote (in the alerts' transactions) are routed and sent now.
    if (notify) await deliverAsWeGo(ws, notify, progress, onDeliveries);
    return [...owed.new, ...owed.updated];
  };
  return Object.assign(step, {
    shown: async () => {
      const keys = unshown;
      unshown = [];
      await markAnnounced(ws, keys, new Date());
    },
  });
}

interface WatchFlags extends GraphFlags {
  interval?: string;
  once?: boolean;
  since?: string;
  overlap?: string;
  endpoints?: string;
  pageSize?: string;
  rules?: string[];
}

/** A delivery result as a line of watch --json: `type` tells it from an alert line (docs/notify.md). */
export function deliveryLine(d: DeliveryResult): string {
  return `${JSON.stringify({ type: 'premortem.delivery', ...d })}\n`;
}

function printPoll(r: PollReport<Alert>): void {
  const s = r.summary;
  if (r.error) progress(`poll ${r.poll}: failed (${r.error}); trying again at the next interval`);
  else if (s) {
    const unavailable = s.endpoints.filter((e) => e.status !== 'ok').map((e) => `${e.endpoint} ${e.status}`);
    progress(
      `poll ${r.poll}: ${s.totals.loaded} new event(s), ${r.alerts.length} alert(s)${unavailable.length ? `; ${unavailable.join(', ')}` : ''}`,
    );
  }
}

/** The alerts of one detection run (several may run in a poll, as its endpoints land), then its deliveries. */
function printAlerts(cmd: Command, alerts: readonly Alert[], deliveries: readonly DeliveryResult[]): void {
  if (globalOptions(cmd).json) {
    // A stream: one alert per line (JSON Lines), then one line per delivery result of the run; nothing else.
    for (const a of alerts) stdout(`${JSON.stringify(a)}\n`);
    for (const d of deliveries) stdout(deliveryLine(d));
  } else if (alerts.length > 0) say(cmd, renderAlertTable(alerts, terminalSafe));
}

export function registerWatch(program: Command): void {
  addGraphOptions(
    program
      .command('watch')
      .description('poll Graph on an interval, run detection on what arrived, print and store alerts')
      .option('--interval <duration>', 'time between polls (default 30s)')
      .option('--once', 'one poll and one detection run, then exit')
      .option('--since <time>', 'how far back the first poll reads when nothing was collected yet (default 1d)')
      .option('--overlap <duration>', 're-read this much before each checkpoint for late events (default 10m)')
      .option('--endpoints <list>', 'only these endpoints, comma-separated (unifiedAuditLog for the four UAL feeds)')
      .option('--page-size <n>', 'records per page, 1-1000')
      .option('--rules <dir...>', 'more Sigma rules to run beside the built-in ones'),
  )
    .addHelpText(
      'after',
      `
Alerts go to stdout (a table, or one JSON object per line with --json) and into the workspace; progress goes to
stderr. Stop with Ctrl-C (SIGINT) or SIGTERM: the current page finishes or is dropped whole, never half-stored.

Examples:
  premortem watch --tenant contoso.com --client-id 1b2c... --interval 30s
  premortem watch --once --json --fail-on high`,
    )
    .action(async (opts: WatchFlags, cmd: Command) =>
      redacting(async () => {
        failOnThreshold(cmd);
        const intervalMs = parseDuration(opts.interval ?? '30s');
        if (intervalMs === undefined || intervalMs < 1000) {
          throw usageError(`--interval takes a duration of at least 1s (30s, 5m), not "${opts.interval}"`);
        }
        const sinceMs = parseSince(opts.since ?? '1d', Date.now());
        const overlapMs = parseOverlap(opts.overlap);
        const endpoints = parseEndpoints(opts.endpoints);
        const pageSize = parsePageSize(opts.pageSize);
        const session = graphSessionFor(cmd, opts);
        const abort = new AbortController();
        const stop = (signal: string) => () => {
          progress(`${signal}: stopping after the current page`);
          abort.abort(new Error(`stopped by ${signal}`));
        };
        const onInt = stop('SIGINT');
        const onTerm = stop('SIGTERM');
        process.once('SIGINT', onInt);
        process.once('SIGTERM', onTerm);
        const raised: Alert[] = [];
        // Delivery results of the poll's detection step, printed after its alerts.
        const delivered: DeliveryResult[] = [];
        try {
          const { polls } = await withWorkspace(
            cmd,
            (ws) => {
              const detect = builtinDetection(ws, opts.rules, loadNotifyConfig(ws.dir), (d) => delivered.push(...d));
              return watchLoop<Alert>({
                intervalMs,
                once: opts.once === true,
                signal: abort.signal,
                poll: (signal, landed) =>
                  collectLogs(ws, session.client, {
                    tenantId: session.tenantId,
                    sinceMs,
                    sinceExplicit: opts.since !== undefined,
                    overlapMs,
                    ual: session.ual,
                    ...(endpoints ?? {}),
                    ...(pageSize ? { pageSize } : {}),
                    ...(signal ? { signal } : {}),
                    onEvent: (e) => {
                      if (e.type === 'endpoint-end' && e.result.status !== 'ok') collectProgress(e);
                    },
                    onLanded: landed,
                  }),
                detect,
                onAlerts: async (alerts) => {
                  raised.push(...alerts);
                  printAlerts(cmd, alerts, delivered.splice(0));
                  await detect.shown();
                },
                onPoll: printPoll,
              });
            },
            { create: true },
          );
          progress(`stopped after ${polls} poll(s), ${raised.length} alert(s)`);
        } finally {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
        }
        applyFailOn(cmd, raised);
      }),
    );
}
