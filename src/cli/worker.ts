import type { Command } from 'commander';
import { EXIT_FINDINGS } from '../core/errors.js';
import { parseDuration } from '../core/time.js';
import { loadFleet, resolveFleetPath } from '../fleet/config.js';
import { resolveRedisUrl } from '../fleet/redis-url.js';
import { redact } from '../sources/graph/redact.js';
import { globalOptions, note, printJson, say, usageError } from './common.js';
import { terminalSafe } from './terminal.js';

interface WorkerFlags {
  fleet?: string;
  redis?: string;
  concurrency?: string;
  untilIdle?: boolean;
  lock?: string;
}

/** `premortem worker`: runs tenants' rounds from the fleet queue. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run tenant rounds from the fleet queue in Redis (any number of workers, on any machine)')
    .option('--fleet <file>', 'the fleet file (env PREMORTEM_FLEET; default ./fleet.yaml)')
    .option(
      '--redis <url>',
      'Redis for the queue: redis://[:PASSWORD@]HOST:PORT or rediss:// (env PREMORTEM_REDIS_URL)',
    )
    .option('--concurrency <n>', 'rounds at once in this process, each on its own tenant (default 1)')
    .option('--until-idle', 'exit once no round is waiting, retrying or running anywhere (cron, CI, tests)')
    .option('--lock <duration>', "how soon a killed worker's round is taken over by another (default 30s)")
    .addHelpText(
      'after',
      `
Each round runs the tenant's due tasks (collect, detect, assess, readiness) against the tenant's own workspace,
with the credentials its fleet.yaml entry names (read from this worker's environment: Redis never holds a
secret). A failed round is retried twice with backoff; a round whose worker dies is taken over by another worker
once its lock lapses. Stop with Ctrl-C (SIGINT) or SIGTERM: the running rounds finish first.

Examples:
  premortem worker --redis rediss://:PASSWORD@redis.internal:6380 --concurrency 2
  premortem fleet schedule --once && premortem worker --until-idle`,
    )
    .action(async (opts: WorkerFlags, cmd: Command) => {
      const concurrency = Number(opts.concurrency ?? '1');
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw usageError(`--concurrency takes 1 to 64, not "${opts.concurrency}"`);
      const lockMs = parseDuration(opts.lock ?? '30s');
      if (lockMs === undefined || lockMs < 1000)
        throw usageError(`--lock takes a duration of 1s or more, not "${opts.lock}"`);
      const fleet = loadFleet(resolveFleetPath(opts.fleet));
      const redisUrl = resolveRedisUrl(opts.redis);
      // Loaded here: BullMQ and ioredis cost every other command's start a third of a second.
      const { runWorker } = await import('../fleet/worker.js');
      const result = await runWorker({
        redisUrl,
        fleet,
        concurrency,
        untilIdle: opts.untilIdle === true,
        lockMs,
        log: (line) => note(terminalSafe(redact(line))),
      });
      if (globalOptions(cmd).json) printJson(result);
      else say(cmd, `${result.completed} round(s) completed, ${result.failed} failed`);
      // Rounds that failed after their retries: exit 1, as notify send does for a failed delivery and fleet check for
      // a tenant that is not ready (DESIGN.md's codes are 0, 1 and 2; 2 is for usage and input errors).
      if (result.failed > 0) process.exitCode = EXIT_FINDINGS;
    });
}
