import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT_FINDINGS } from '../core/errors.js';
import { loadNotifyConfig, readSecret } from '../notify/config.js';
import type { Notification } from '../notify/message.js';
import { notifyWorkspace } from '../notify/notify-workspace.js';
import { deliverDue } from '../notify/sender.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyRequest } from '../notify/standard-webhooks.js';
import { type DeliveryRow, deliveryId, listDeliveries, recordMessage } from '../notify/store.js';
import { globalOptions, note, printJson, say, usageError, withWorkspace } from './common.js';
import { stdout } from './io.js';
import { routingContext } from './notify-context.js';
import { terminalSafe } from './terminal.js';

function logLine(d: DeliveryRow): string {
  const when = d.delivered_at ?? d.last_attempt_at ?? d.created_at;
  const state = d.status === 'pending' && d.attempts === 0 ? 'queued' : d.status;
  const retry = d.status === 'pending' && d.attempts > 0 ? `, next try ${d.next_attempt_at}` : '';
  return `${when}  ${state.padEnd(9)} ${d.channel.padEnd(12)} ${d.id}  ${terminalSafe(d.title)}\n    ${d.kind}, ${d.attempts} attempt(s)${d.last_result ? `, last: ${terminalSafe(d.last_result)}` : ''}${retry}`;
}

function sampleMessage(now: Date): Notification {
  return {
    id: `msg_test_${now.getTime()}`,
    kind: 'test',
    severity: 'informational',
    title: 'premortem test notification',
    what: 'A sample message sent by premortem notify test.',
    why: 'It proves that this channel reaches you and that your receiver accepts what premortem sends.',
    next_action: 'Nothing: if you read this, the channel works.',
    objects: [
      { type: 'user', id: '00000000-0000-0000-0000-000000000000', name: 'sample user', upn: 'sample@example.com' },
    ],
    alert_ids: [],
    rule_ids: [],
    tags: [],
    created_at: now.toISOString(),
  };
}

function readBody(file: string | undefined): string {
  if (file === undefined || file === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw usageError(`cannot read the body file ${file}`);
  }
}

/** `premortem notify send|log|test|verify`. */
export function registerNotify(program: Command): void {
  const notify = program
    .command('notify')
    .description('notifications: deliver what is pending, the delivery log, test a channel, verify a signed webhook')
    .addHelpText(
      'after',
      `
Channels live in notify.yaml in the workspace (docs/notify.md); secrets come from environment variables or
files, never from the file. Quickest setup, no file: PREMORTEM_WEBHOOK_URL and PREMORTEM_WEBHOOK_SECRET (whsec_…)
define one Standard Webhooks signed channel "webhook" for everything at or above medium. watch and serve deliver
as they go; notify send is for cron and CI.`,
    );

  notify
    .command('send')
    .description('route what detection queued and deliver what is due, then exit (exit 1 if a delivery failed)')
    .option('--flush-digest', 'send the low/medium digest now instead of at the end of its window')
    .addHelpText(
      'after',
      `
One message when an incident opens, one when it escalates (new critical alert, new acting identity, new attacker
address); low and medium alerts wait for the hourly digest. Alerts covered by a valid exception or an active
suppression are counted, not sent. A failed delivery is retried with backoff by later runs.

Examples:
  premortem notify send
  premortem notify send --flush-digest --json`,
    )
    .action(async (opts: { flushDigest?: boolean }, cmd: Command) => {
      const run = await withWorkspace(cmd, async (ws) => {
        const config = loadNotifyConfig(ws.dir);
        const ctx = await routingContext(ws, new Date(), note);
        return { config, ...(await notifyWorkspace(ws, ctx, config, { flushDigest: opts.flushDigest === true })) };
      });
      const { plan, send, config } = run;
      if (globalOptions(cmd).json)
        printJson({
          channels: [...config.channels.keys()],
          changes: plan.changes,
          messages: plan.messages.map((m) => ({
            id: m.id,
            kind: m.kind,
            severity: m.severity,
            title: m.title,
            incident_id: m.incident_id ?? null,
          })),
          quiet: plan.quiet,
          digest_pending: plan.digestPending,
          deliveries: {
            attempted: send.attempted,
            delivered: send.delivered,
            retrying: send.retrying,
            failed: send.failed,
          },
        });
      else {
        if (config.channels.size === 0)
          note(
            'no channels: set PREMORTEM_WEBHOOK_URL and PREMORTEM_WEBHOOK_SECRET, or write notify.yaml (docs/notify.md); messages are recorded',
          );
        for (const m of plan.messages) say(cmd, `${m.kind.padEnd(18)} ${terminalSafe(m.title)}`);
        const q = plan.quiet;
        say(
          cmd,
          `${plan.changes} alert change(s) routed: ${plan.messages.length} message(s); kept quiet ${q.excepted} excepted, ${q.suppressed} suppressed, ${q.folded} folded; ${plan.digestPending} alert(s) wait for the digest`,
        );
        say(cmd, `deliveries: ${send.delivered} delivered, ${send.retrying} to retry, ${send.failed} failed`);
      }
      if (send.retrying + send.failed > 0) process.exitCode = EXIT_FINDINGS;
    });

  notify
    .command('log')
    .description('the delivery log: every message, channel, attempt count and last result, newest first')
    .option('--limit <n>', 'at most this many deliveries (default 100)')
    .action(async (opts: { limit?: string }, cmd: Command) => {
      const limit = opts.limit === undefined ? 100 : Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw usageError(`--limit takes a positive whole number, not "${opts.limit}"`);
      const rows = await withWorkspace(cmd, (ws) => listDeliveries(ws, limit));
      if (globalOptions(cmd).json) return printJson(rows);
      if (rows.length === 0) return void stdout('No notifications yet.\n');
      stdout(`${rows.map(logLine).join('\n')}\n`);
    });

  notify
    .command('test')
    .argument('<channel>', 'a channel name from notify.yaml, or "webhook" for PREMORTEM_WEBHOOK_URL')
    .description('send a sample message to one channel now and record it in the log (exit 1 if it fails)')
    .action(async (channel: string, _opts: unknown, cmd: Command) => {
      const out = await withWorkspace(cmd, async (ws) => {
        const config = loadNotifyConfig(ws.dir);
        if (!config.channels.has(channel))
          throw usageError(
            `no channel "${channel}"`,
            config.channels.size === 0
              ? 'define one in notify.yaml, or set PREMORTEM_WEBHOOK_URL and PREMORTEM_WEBHOOK_SECRET'
              : `channels: ${[...config.channels.keys()].join(', ')}`,
          );
        const now = new Date();
        const message = sampleMessage(now);
        await ws.transaction(() => recordMessage(ws, message, [channel], now));
        await deliverDue(ws, config, { only: [deliveryId(message.id, channel)] });
        return (await listDeliveries(ws, 10_000)).find((d) => d.message_id === message.id);
      });
      if (globalOptions(cmd).json) printJson(out);
      else if (out) stdout(`${logLine(out)}\n`);
      if (out?.status !== 'delivered') process.exitCode = EXIT_FINDINGS;
    });

  notify
    .command('verify')
    .description('for receivers: check a Standard Webhooks signature over a body (exit 0 valid, 1 not)')
    .requiredOption('--id <webhook-id>', 'the webhook-id header')
    .requiredOption('--timestamp <seconds>', 'the webhook-timestamp header')
    .requiredOption('--signature <value>', 'the webhook-signature header (v1,… ; several space-separated)')
    .option('--body <file>', 'the exact request body (default: standard input)')
    .option(
      '--secret-env <var>',
      'the environment variable holding the whsec_… secret (default PREMORTEM_WEBHOOK_SECRET)',
    )
    .option('--secret-file <file>', 'a file holding the whsec_… secret')
    .option(
      '--tolerance <seconds>',
      `accepted distance of the timestamp from now (default ${DEFAULT_TOLERANCE_SECONDS})`,
    )
    .addHelpText(
      'after',
      `
Examples:
  premortem notify verify --id msg_2b… --timestamp 1765062000 --signature 'v1,K5o…' --body body.json
  curl … | premortem notify verify --secret-file /run/secrets/premortem --id … --timestamp … --signature …`,
    )
    .action(
      (
        opts: {
          id: string;
          timestamp: string;
          signature: string;
          body?: string;
          secretEnv?: string;
          secretFile?: string;
          tolerance?: string;
        },
        cmd: Command,
      ) => {
        const tolerance = opts.tolerance === undefined ? DEFAULT_TOLERANCE_SECONDS : Number(opts.tolerance);
        if (!Number.isFinite(tolerance) || tolerance < 0)
          throw usageError(`--tolerance takes seconds, not "${opts.tolerance}"`);
        const secret = readSecret(
          opts.secretFile !== undefined
            ? { file: opts.secretFile }
            : { env: opts.secretEnv ?? 'PREMORTEM_WEBHOOK_SECRET' },
          'webhook secret',
        );
        const result = verifyRequest(
          secret,
          { 'webhook-id': opts.id, 'webhook-timestamp': opts.timestamp, 'webhook-signature': opts.signature },
          readBody(opts.body),
          new Date(),
          tolerance,
        );
        if (globalOptions(cmd).json) printJson(result);
        else stdout(result.ok ? 'valid\n' : `invalid: ${result.reason}\n`);
        if (!result.ok) process.exitCode = EXIT_FINDINGS;
      },
    );
}
