import type { Command } from 'commander';
import { type CollectEvent, type CollectSummary, collectLogs, DEFAULT_OVERLAP_MS } from '../collect/collect-logs.js';
import { ENDPOINT_NAMES, selectCollection } from '../collect/endpoint-selection.js';
import { type GraphSession, openGraphSession } from '../collect/graph-session.js';
import { ProgressView } from '../collect/progress-view.js';
import { type SnapshotSummary, takeSnapshot } from '../collect/snapshot.js';
import { EXIT_USAGE } from '../core/errors.js';
import { parseDuration } from '../core/time.js';
import type { LogEndpoint } from '../sources/graph/endpoints/index.js';
import type { UalContentType } from '../sources/graph/management/content-types.js';
import { redact, redactError } from '../sources/graph/redact.js';
import { type GraphFlags, resolveGraphSettings } from '../sources/graph/settings.js';
import { Workspace } from '../store/workspace.js';
import { globalOptions, printJson, say, usageError, withWorkspace } from './common.js';
import { cliIo, stderr } from './io.js';
import { terminalSafe } from './terminal.js';

/** The Graph settings flags of collect, watch and doctor (DESIGN.md: the command-line contract). */
export function addGraphOptions(cmd: Command): Command {
  return cmd
    .option('--tenant <id>', 'tenant id or verified domain (env PREMORTEM_TENANT_ID)')
    .option('--client-id <id>', 'application (client) id of the app registration (env PREMORTEM_CLIENT_ID)')
    .option(
      '--client-secret <secret>',
      'client secret (prefer env PREMORTEM_CLIENT_SECRET: command lines are visible to other users)',
    )
    .option('--certificate <pem>', 'PEM file with the private key and the certificate (env PREMORTEM_CERTIFICATE)')
    .option('--graph-url <url>', "Graph base URL (env PREMORTEM_GRAPH_URL; default: the cloud's)")
    .option('--authority-host <url>', "sign-in authority (env PREMORTEM_AUTHORITY_HOST; default: the cloud's)")
    .option('--cloud <name>', 'global, usgov, usgovdod or china (env PREMORTEM_CLOUD; default global)')
    .option(
      '--management-url <url>',
      "Office 365 Management Activity API base URL, for the unified audit log (env PREMORTEM_MANAGEMENT_URL; default: the cloud's)",
    )
    .option('--graph-config <file>', 'YAML or JSON file with these settings (default <workspace>/graph.yaml)');
}

let view: ProgressView | undefined;

/** The stderr progress of this process: a live line per endpoint on a terminal, plain lines elsewhere. */
export function progressView(): ProgressView {
  view ??= new ProgressView(
    {
      write: (t) => stderr(t),
      isTTY: cliIo().stderrIsTTY === true,
      get columns() {
        return process.stderr.columns;
      },
    },
    { clean: (t) => terminalSafe(redact(t)) },
  );
  return view;
}

/** A line on stderr, made safe for a terminal and free of secrets. */
export function progress(text: string): void {
  progressView().line(text);
}

/** The Graph session the flags, environment and config file describe. */
export function graphSessionFor(cmd: Command, flags: GraphFlags): GraphSession {
  const settings = resolveGraphSettings(flags, process.env, {
    workspaceDir: Workspace.resolveDir(globalOptions(cmd).workspace),
  });
  const debug = globalOptions(cmd).debug === true;
  return openGraphSession(settings, {
    onRetry: (e) => progressView().onRetry(e),
    ...(debug ? { log: progress } : {}),
  });
}

/** Runs a command body so that no error leaving it can carry a secret. */
export async function redacting<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw redactError(err);
  }
}

/** "30d" or an ISO 8601 time: how far back, in ms before now. */
export function parseSince(text: string, now: number): number {
  const d = parseDuration(text);
  if (d !== undefined) return d;
  const at = Date.parse(text);
  if (!Number.isNaN(at) && /^\d{4}-\d\d-\d\d/.test(text) && at < now) return now - at;
  throw usageError(`--since takes a duration (30d, 12h) or a past ISO 8601 time, not "${text}"`);
}

export function parseOverlap(text: string | undefined): number {
  if (text === undefined) return DEFAULT_OVERLAP_MS;
  const d = parseDuration(text);
  if (d === undefined) throw usageError(`--overlap takes a duration (10m, 1h), not "${text}"`);
  return d;
}

/** --endpoints: Graph endpoints and unified audit log content types by name; undefined: all of them. */
export function parseEndpoints(
  text: string | undefined,
): { endpoints: LogEndpoint[]; contentTypes: UalContentType[] } | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const { endpoints, contentTypes, unknown } = selectCollection(names);
  if (unknown.length > 0) throw usageError(`unknown endpoint ${unknown.join(', ')}`, `endpoints: ${ENDPOINT_NAMES}`);
  return { endpoints, contentTypes };
}

export function parsePageSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw usageError(`--page-size takes 1 to 1000, not "${text}"`);
  return n;
}

/** Progress per endpoint on stderr. */
export function collectProgress(e: CollectEvent): void {
  progressView().onEvent(e);
}

const pad = (s: string, n: number) => s.padEnd(n);
const num = (n: number) => n.toLocaleString('en-US');

export function printCollectSummary(cmd: Command, s: CollectSummary): void {
  say(cmd, `tenant ${terminalSafe(s.tenantId)}, ${s.startedAt} to ${s.finishedAt}`);
  for (const r of s.endpoints) {
    if (r.status === 'ok') {
      say(
        cmd,
        `  ${pad(r.title, 28)} ${pad(`${num(r.read)} read`, 14)} ${pad(`${num(r.loaded)} new`, 12)} ${pad(`${num(r.duplicate)} duplicate`, 16)} ${num(r.rejected)} rejected`,
      );
    } else say(cmd, `  ${pad(r.title, 28)} ${r.status}: ${terminalSafe(r.detail ?? '')}`);
  }
  const t = s.totals;
  say(
    cmd,
    `total: ${num(t.read)} read, ${num(t.loaded)} new, ${num(t.duplicate)} duplicate, ${num(t.rejected)} rejected; ${t.requests} requests, ${t.retries} retried, ${t.throttled} throttled`,
  );
}

function printSnapshotSummary(cmd: Command, s: SnapshotSummary, outDir: string | undefined): void {
  say(cmd, `snapshot ${s.snapshotId} taken ${s.takenAt}`);
  for (const r of s.resources) {
    say(
      cmd,
      `  ${pad(r.name, 34)} ${r.status === 'ok' ? `${num(r.objects)} objects` : `${r.status}: ${terminalSafe(r.detail ?? '')}`}`,
    );
  }
  if (outDir !== undefined) say(cmd, `${s.files.length} files written to ${terminalSafe(outDir)}`);
}

/**
 * Exit status of a pass with failed endpoints: 2, DESIGN.md's "usage or input error", whether the fix is the user's
 * (a permission, a URL) or time's (a service that stayed unavailable): the summary says which, per endpoint. Exit 3
 * is kept for premortem's own bugs.
 */
export function exitForFailures(s: CollectSummary): void {
  if (s.endpoints.some((e) => e.status === 'failed')) process.exitCode = EXIT_USAGE;
}

interface CollectFlags extends GraphFlags {
  since?: string;
  config?: boolean;
  out?: string;
  overlap?: string;
  endpoints?: string;
  pageSize?: string;
}

export function registerCollect(program: Command): void {
  addGraphOptions(
    program
      .command('collect')
      .description('one pass over Microsoft Graph: new sign-ins, audits and risk records, or a configuration snapshot')
      .option('--since <time>', 'how far back the first pass reads: 30d, 12h or an ISO 8601 time (default 30d)')
      .option('--config', 'take a configuration snapshot instead of reading logs')
      .option('--out <dir>', 'with --config: also write the snapshot as a folder of Graph JSON files')
      .option('--overlap <duration>', 're-read this much before each checkpoint for late events (default 10m)')
      .option(
        '--endpoints <list>',
        'only these endpoints, comma-separated (e.g. signIns,directoryAudits,unifiedAuditLog/Audit.Exchange)',
      )
      .option('--page-size <n>', 'records per page, 1-1000 (default: the largest Graph allows)'),
  )
    .addHelpText(
      'after',
      `
Each pass continues where the last one stopped (checkpoints per tenant and endpoint); killed at any point and run
again, it collects everything once. Credentials: a client secret or a certificate of an app registration with
application permissions (premortem doctor lists them), or PREMORTEM_GRAPH_TOKEN. The unified audit log is read
through the Office 365 Management Activity API (permission ActivityFeed.Read, a second token from the same app;
with PREMORTEM_GRAPH_TOKEN, give PREMORTEM_MANAGEMENT_TOKEN too). Progress goes to stderr: a live line per endpoint
on a terminal, plain lines otherwise.

Examples:
  PREMORTEM_CLIENT_SECRET=... premortem collect --tenant contoso.com --client-id 1b2c... --since 30d
  premortem collect --config --out ./snapshot-2025-10-01
  premortem collect --cloud usgov --certificate ./app.pem --tenant ... --client-id ... --json`,
    )
    .action(async (opts: CollectFlags, cmd: Command) =>
      redacting(async () => {
        const json = globalOptions(cmd).json === true;
        if (opts.out !== undefined && !opts.config) throw usageError('--out goes with --config (a snapshot folder)');
        const now = Date.now();
        const sinceMs = parseSince(opts.since ?? '30d', now);
        const overlapMs = parseOverlap(opts.overlap);
        const endpoints = parseEndpoints(opts.endpoints);
        const pageSize = parsePageSize(opts.pageSize);
        const session = graphSessionFor(cmd, opts);
        await withWorkspace(
          cmd,
          async (ws) => {
            if (opts.config) {
              const s = await takeSnapshot(ws, session.client, {
                tenantId: session.tenantId,
                ...(opts.out ? { outDir: opts.out } : {}),
                onResource: (r) =>
                  progress(
                    `${r.name}: ${r.status === 'ok' ? `${r.objects} objects` : `${r.status}: ${r.detail ?? ''}`}`,
                  ),
              });
              if (json) printJson({ kind: 'config', ...s });
              else printSnapshotSummary(cmd, s, opts.out);
              return;
            }
            const summary = await collectLogs(ws, session.client, {
              tenantId: session.tenantId,
              sinceMs,
              sinceExplicit: opts.since !== undefined,
              overlapMs,
              ual: session.ual,
              ...(endpoints ?? {}),
              ...(pageSize ? { pageSize } : {}),
              onEvent: collectProgress,
            });
            progressView().finish();
            if (json) printJson({ kind: 'logs', ...summary });
            else printCollectSummary(cmd, summary);
            exitForFailures(summary);
          },
          { create: true },
        );
      }),
    );
}
