/**
 * Starting and stopping the HTTP server. Safe by default: it binds to 127.0.0.1; any other address needs TLS
 * (a certificate and key) or an explicit --insecure-http, so a dashboard of tenant evidence is never put on a
 * network in clear text by accident. Stopping closes the listener, lets requests in flight finish, waits for the
 * workspace queue to drain, then returns: the caller closes the workspace after.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { PremortemError } from '../core/errors.js';
import { createApp } from './app.js';
import type { ServeContext } from './context.js';

export interface ListenOptions {
  host: string;
  port: number;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Refuses an unsafe combination before anything listens (usage error: exit 2). */
export function checkListenOptions(o: ListenOptions): void {
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined))
    throw new PremortemError('usage', '--tls-cert and --tls-key go together');
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65_535)
    throw new PremortemError('usage', `--port takes 0-65535, not "${o.port}"`);
  if (!LOOPBACK.has(o.host) && o.tlsCert === undefined && !o.insecureHttp)
    throw new PremortemError('usage', `serving on ${o.host} (not this machine only) needs TLS`, {
      hint: 'give --tls-cert FILE --tls-key FILE, or --insecure-http if a TLS proxy in front handles it',
    });
}

function readPem(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new PremortemError('input-not-found', `${flag} ${path}: ${(err as Error).message}`);
  }
}

export async function startServer(ctx: ServeContext, o: ListenOptions): Promise<RunningServer> {
  checkListenOptions(o);
  const app = createApp(ctx);
  const tls = o.tlsCert !== undefined && o.tlsKey !== undefined;
  const server = createAdaptorServer({
    fetch: app.fetch,
    ...(tls
      ? {
          createServer: createHttpsServer,
          serverOptions: {
            cert: readPem('--tls-cert', o.tlsCert as string),
            key: readPem('--tls-key', o.tlsKey as string),
          },
        }
      : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new PremortemError('usage', `cannot listen on ${o.host}:${o.port}: ${(err as Error).message}`)),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections with no request in flight would hold close() open; requests in flight finish.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }).then(() => ctx.queue.run(async () => undefined)),
  };
}
