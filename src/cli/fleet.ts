import type { Command } from 'commander';
import { runDoctor } from '../collect/doctor.js';
import { EXIT_FINDINGS } from '../core/errors.js';
import { type FleetConfig, loadFleet, resolveFleetPath } from '../fleet/config.js';
import { checkGdapAccess, type GdapAccessCheck } from '../fleet/gdap.js';
import { resolveRedisUrl } from '../fleet/redis-url.js';
import { readFleetStatus } from '../fleet/status.js';
import { renderFleetStatus } from '../fleet/status-text.js';
import { tenantSession } from '../fleet/tenant-session.js';
import { redact } from '../sources/graph/redact.js';
import { redacting } from './collect.js';
import { globalOptions, printJson, say } from './common.js';
import { terminalSafe } from './terminal.js';

interface FleetFlags {
  fleet?: string;
  redis?: string;
}

const addFleetOption = (cmd: Command) =>
  cmd.option('--fleet <file>', 'the fleet file (env PREMORTEM_FLEET; default ./fleet.yaml)');
const addRedisOption = (cmd: Command) =>
  cmd.option(
    '--redis <url>',
    'Redis for the queue: redis://[:PASSWORD@]HOST:PORT or rediss:// (env PREMORTEM_REDIS_URL)',
  );

/** `premortem fleet check|schedule|status`: the tenants of fleet.yaml and their rounds on the queue. */
export function registerFleet(program: Command): void {
  const fleet = program
    .command('fleet')
    .description('many tenants: check fleet.yaml, schedule rounds on the BullMQ queue in Redis, show their status')
    .addHelpText(
      'after',
      `
fleet.yaml lists the tenants (id, name, credentials by reference: token_env, or client_id with secret_env or
certificate; workspace, default <fleet dir>/tenants/<id>; schedules). Workers (premortem worker) on any machine
that reaches Redis run each tenant's round (collect, detect, assess, readiness) against its own workspace, one
round per tenant at a time. docs/fleet.md has the file format and how to run workers on several machines.

Examples:
  premortem fleet check --fleet ./fleet.yaml
  premortem fleet schedule --once --redis redis://127.0.0.1:6379
  premortem fleet status --json`,
    );

  addFleetOption(
    fleet
      .command('check')
      .description(
        'validate fleet.yaml, run doctor for every tenant and check that the partner entry can read GDAP relationships (exit 1 if one is not ready)',
      ),
  ).action(async (opts: FleetFlags, cmd: Command) =>
    redacting(async () => {
      const config = loadFleet(resolveFleetPath(opts.fleet));
      const results = [];
      for (const t of config.tenants) {
        try {
          const report = await runDoctor(tenantSession(t));
          results.push({ id: t.id, name: t.name, workspace: t.workspace, ok: report.ok, doctor: report });
        } catch (err) {
          // A tenant whose settings are wrong (an empty secret variable) is that tenant's finding, not the end of
          // the check: the others are still checked.
          const detail = redact(err instanceof Error ? err.message : String(err));
          results.push({ id: t.id, name: t.name, workspace: t.workspace, ok: false, error: detail });
        }
      }
      const partner = config.partner ? await checkPartner(config.partner) : undefined;
      if (globalOptions(cmd).json) printJson({ file: config.file, tenants: results, ...(partner ? { partner } : {}) });
      else {
        say(cmd, `${terminalSafe(config.file)}: ${config.tenants.length} tenant(s)`);
        for (const r of results) {
          const why =
            'error' in r
              ? r.error
              : r.ok
                ? ''
                : !r.doctor.signIn.ok
                  ? `sign-in failed: ${r.doctor.signIn.detail ?? ''}`
                  : r.doctor.checks
                      .filter((c) => c.required && c.status !== 'ok')
                      .map((c) => `${c.name} ${c.status}`)
                      .join(', ');
          say(cmd, terminalSafe(`${r.ok ? 'ready    ' : 'NOT READY'} ${r.id}  ${r.name}${why ? `: ${why}` : ''}`));
        }
        if (partner) say(cmd, terminalSafe(partnerLine(partner)));
      }
      if (results.some((r) => !r.ok) || (partner && !partner.ok)) process.exitCode = EXIT_FINDINGS;
    }),
  );

  addRedisOption(
    addFleetOption(
      fleet
        .command('schedule')
        .description('put every tenant on the queue: repeating per its schedule, or --once for one round now'),
    ).option('--once', 'one round of every task for every tenant, now (cron, CI, tests)'),
  ).action(async (opts: FleetFlags & { once?: boolean }, cmd: Command) => {
    const config = loadFleet(resolveFleetPath(opts.fleet));
    const redisUrl = resolveRedisUrl(opts.redis);
    // Loaded here: BullMQ and ioredis cost every other command's start a third of a second.
    const { fleetQueue, scheduleOnce, scheduleRepeating } = await import('../fleet/queue.js');
    const queue = fleetQueue(redisUrl);
    try {
      if (opts.once) {
        const n = await scheduleOnce(queue, config);
        if (globalOptions(cmd).json) printJson({ once: true, tenants: n });
        else say(cmd, `queued one round for ${n} tenant(s); a tenant with a round already queued keeps that one`);
      } else {
        const r = await scheduleRepeating(queue, config);
        if (globalOptions(cmd).json) printJson({ once: false, tenants: r.upserted, removed: r.removed });
        else
          say(
            cmd,
            `${r.upserted} tenant schedule(s) in place${r.removed.length ? `; removed ${r.removed.length} of tenants no longer listed` : ''}`,
          );
      }
    } finally {
      await queue.close();
    }
  });

  addRedisOption(
    addFleetOption(
      fleet
        .command('status')
        .description('per tenant: last collection, lag, open incidents, posture, readiness, failures'),
    ),
  ).action(async (opts: FleetFlags, cmd: Command) => {
    const config = loadFleet(resolveFleetPath(opts.fleet));
    const status = await readFleetStatus(resolveRedisUrl(opts.redis), config, Date.now());
    if (globalOptions(cmd).json) printJson(status);
    else say(cmd, renderFleetStatus(status, terminalSafe));
  });
}

type PartnerResult = { id: string; name: string; ok: boolean; error?: string; gdap?: GdapAccessCheck };

/** The partner entry: its credentials resolve, it signs in, and it may read the GDAP relationships. */
async function checkPartner(partner: NonNullable<FleetConfig['partner']>): Promise<PartnerResult> {
  const who = { id: partner.id, name: partner.name };
  try {
    const gdap = await checkGdapAccess(tenantSession(partner));
    return { ...who, ok: gdap.ok, gdap };
  } catch (err) {
    return { ...who, ok: false, error: redact(err instanceof Error ? err.message : String(err)) };
  }
}

function partnerLine(p: PartnerResult): string {
  const g = p.gdap;
  const why =
    p.error ??
    (g === undefined || g.ok
      ? ''
      : !g.signIn.ok
        ? `sign-in failed: ${g.signIn.detail ?? ''}`
        : g.missingPermissions.length > 0
          ? `missing permission ${g.missingPermissions.join(', ')} (GDAP relationships)`
          : `GDAP relationships ${g.relationships.status}: ${g.relationships.detail ?? ''}`);
  return `${p.ok ? 'ready    ' : 'NOT READY'} ${p.id}  ${p.name} (partner: GDAP relationships)${why ? `: ${why}` : ''}`;
}
