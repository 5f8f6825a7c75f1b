import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyRequest } from '../src/notify/standard-webhooks.js';

/** One request as the receiver saw it. */
export interface Received {
  id: string;
  ok: boolean;
  reason?: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * A Standard Webhooks receiver on 127.0.0.1 (port 0), as a careful customer would write one: it verifies every
 * request's signature and timestamp, answers 401 to a bad one, and deduplicates by webhook-id. `respond` decides
 * each answer (default 204); it may also act first (the kill test kills the sender there).
 */
export interface Receiver {
  url: string;
  received: Received[];
  /** Verified requests' ids, each once. */
  unique: () => string[];
  respond: (r: Received) => Promise<number> | number;
  /** Added to the receiver's clock: a request replayed later is one checked with a later clock. */
  clockOffsetMs: number;
  close: () => Promise<void>;
}

function headerMap(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    unique: () => [...new Set(receiver.received.filter((r) => r.ok).map((r) => r.id))],
    respond: () => 204,
    clockOffsetMs: 0,
    close: () => new Promise((done) => server.close(() => done())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = headerMap(req);
      const v = verifyRequest(secret, headers, body, new Date(Date.now() + receiver.clockOffsetMs));
      const r: Received = {
        id: headers['webhook-id'] ?? '',
        ok: v.ok,
        body,
        headers,
        ...(v.ok ? {} : { reason: v.reason }),
      };
      receiver.received.push(r);
      const status = v.ok ? await receiver.respond(r) : 401;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
