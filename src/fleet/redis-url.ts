/**
 * The fleet's Redis URL, checked before anything connects. Apart from queue.ts so that a command which only names
 * the URL (schedule, status, worker) does not load BullMQ and ioredis with its module.
 */
import { PremortemError } from '../core/errors.js';

/** --redis URL, else PREMORTEM_REDIS_URL; redis:// or rediss:// (TLS), password in the URL. */
export function resolveRedisUrl(flag: string | undefined): string {
  const url = flag ?? process.env.PREMORTEM_REDIS_URL;
  if (url === undefined || url.trim() === '') {
    throw new PremortemError('usage', 'no Redis for the fleet queue', {
      hint: 'give --redis redis://HOST:6379 (or rediss:// for TLS), or set PREMORTEM_REDIS_URL',
    });
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PremortemError('usage', 'the Redis URL is not a URL', { hint: 'redis://[:PASSWORD@]HOST:PORT[/DB]' });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new PremortemError('usage', `the Redis URL must start with redis:// or rediss://, not ${parsed.protocol}//`);
  }
  return url;
}
