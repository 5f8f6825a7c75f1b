import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseDuration } from '../core/time.js';
import { allExtents, newestEvent } from '../readiness/extent.js';
import { formatReadiness } from '../readiness/format.js';
import { parseMeasurements } from '../readiness/measurement.js';
import { assessReadiness, type ReadinessReport } from '../readiness/report.js';
import type { DetectionMeasurement } from '../readiness/time-to-detect.js';
import type { Workspace } from '../store/workspace.js';
import { globalOptions, printJson, say, usageError, withWorkspace } from './common.js';
import { terminalSafe } from './terminal.js';

/** Time-to-detect measurements kept in the workspace (the output of a replay through watch). */
export const MEASUREMENTS_FILE = 'time-to-detect.json';

interface ReadinessFlags {
  now?: string;
  rules?: string[];
  interval?: string;
  measurements?: string;
}

function measurementsFrom(path: string | undefined): DetectionMeasurement[] {
  if (path === undefined) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw usageError(`cannot read measurements ${path}: ${(err as Error).message}`);
  }
  return parseMeasurements(text, statSync(path).mtime.toISOString());
}

/**
 * The readiness report for a workspace as the CLI measures it: `now` is an ISO time, "latest" (the newest event
 * held) or absent (this instant); a replay's measurements saved in the workspace are used unless a file is named.
 * `premortem report` uses it too, so its readiness section and `premortem readiness` agree.
 */
export async function measureReadiness(
  ws: Workspace,
  o: { now?: string | undefined; rules?: string[] | undefined; intervalMs: number; measurements?: string | undefined },
): Promise<ReadinessReport> {
  const saved = join(ws.dir, MEASUREMENTS_FILE);
  const measurements = measurementsFrom(o.measurements ?? (existsSync(saved) ? saved : undefined));
  let now = Date.now();
  if (o.now === 'latest') {
    const latest = newestEvent(await allExtents(ws));
    if (latest === null) throw usageError('--now latest: the workspace holds no events', 'import or collect first');
    now = Date.parse(latest);
  } else if (o.now !== undefined) {
    now = Date.parse(o.now);
    if (Number.isNaN(now)) throw usageError(`--now takes an ISO 8601 time or "latest", not "${o.now}"`);
  }
  return assessReadiness(ws, {
    now,
    ...(o.rules ? { rules: o.rules } : {}),
    watchIntervalMs: o.intervalMs,
    measurements,
  });
}

/** `premortem readiness`: how do we know, how fast, how far back; a score and the top actions. */
export function registerReadiness(program: Command): void {
  program
    .command('readiness')
    .description('answer the premortem questions for this workspace: how far back, how do we know, how fast')
    .option('--now <TIME>', 'answer as of this ISO time, or "latest" (the newest event held: for demo data)')
    .option('--rules <DIR...>', 'rule files or folders (default: the built-in rules)')
    .option('--interval <DURATION>', 'watch poll interval the time-to-detect figures assume', '30s')
    .option(
      '--measurements <FILE>',
      'time-to-detect measurements: the file npm run bench writes from its replay through watch (or the output of test/graph-server/time-to-alert.ts); default: time-to-detect.json in the workspace, when present',
    )
    .addHelpText(
      'after',
      `
Examples:
  premortem readiness
  premortem readiness --now latest          # a demo or imported workspace whose collection has ended
  premortem readiness --json | jq '.howDoWeKnow.techniques[] | select(.state == "covered-but-blind")'`,
    )
    .action(async (flags: ReadinessFlags, cmd: Command) => {
      const intervalMs = parseDuration(flags.interval ?? '30s');
      if (intervalMs === undefined)
        throw usageError(`--interval takes a duration such as 30s or 5m, not "${flags.interval}"`);
      const report = await withWorkspace(cmd, (ws) =>
        measureReadiness(ws, { now: flags.now, rules: flags.rules, intervalMs, measurements: flags.measurements }),
      );
      if (globalOptions(cmd).json) printJson(report);
      else say(cmd, formatReadiness(report, terminalSafe));
    });
}
