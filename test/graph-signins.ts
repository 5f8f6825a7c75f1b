import { createWriteStream } from 'node:fs';

/** How the numbered sign-ins of a generated Graph NDJSON file vary with their number n. */
export interface GraphSigninsOptions {
  /** The time of sign-in 0 (ms since the epoch) and the gap to each next one. */
  start: number;
  stepMs: number;
  /** user{n % users}@{domain}. */
  users: number;
  domain: string;
  /** Default 203.0.113.9 for every sign-in. */
  ip?: (n: number) => string;
  /** Default 0 (success) for every sign-in. */
  errorCode?: (n: number) => number;
  /** Adds the account's object id, derived from n % users. */
  userIds?: boolean;
}

const hex12 = (n: number) => n.toString(16).padStart(12, '0');

/** Sign-in n: a Graph record with the fields the sign-in mapper needs, its id unique to n. */
export function graphSigninLine(n: number, o: GraphSigninsOptions): string {
  const user = n % o.users;
  return JSON.stringify({
    id: `00000000-0000-4000-8000-${hex12(n)}`,
    createdDateTime: new Date(o.start + n * o.stepMs).toISOString(),
    userPrincipalName: `user${user}@${o.domain}`,
    ...(o.userIds ? { userId: `11111111-0000-4000-8000-${hex12(user)}` } : {}),
    ipAddress: o.ip?.(n) ?? '203.0.113.9',
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    clientAppUsed: 'Browser',
    status: { errorCode: o.errorCode?.(n) ?? 0 },
  });
}

/** Writes sign-ins first … first + count - 1 to `path`, one per line, streamed (large counts stay cheap). */
export async function writeGraphSignins(
  path: string,
  count: number,
  o: GraphSigninsOptions,
  first = 0,
): Promise<string> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i += 10_000) {
    const lines: string[] = [];
    for (let n = first + i; n < first + Math.min(count, i + 10_000); n++) lines.push(graphSigninLine(n, o));
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok, fail) => {
    out.once('error', fail);
    out.end(() => ok());
  });
  return path;
}
