/**
 * Syslog for SIEMs: RFC 5424 messages over TCP with octet-counting framing (RFC 6587 §3.4.1; the framing RFC 5425
 * prescribes over TLS), optionally TLS. Facility 4 (security/authorization); severity from the message's
 * (critical → crit, high → err, medium → warning, low → notice, else info). Structured data carries the ids under
 * the documentation enterprise number 32473 (RFC 5612) until premortem has its own.
 */
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import { terminalLine } from '../../core/escape.js';
import type { ChannelConfig } from '../config.js';
import { type Notification, plainText } from '../message.js';
import type { ChannelSender, SendOutcome } from './channel.js';
import { networkReason, POST_TIMEOUT_MS } from './http-post.js';

type SyslogConfig = Extract<ChannelConfig, { type: 'syslog' }>;

const FACILITY = 4;
const SEVERITY: Record<string, number> = { critical: 2, high: 3, medium: 4, low: 5, informational: 6 };

/** An SD-PARAM value: `"`, `\` and `]` are escaped (RFC 5424 §6.3.3). */
const sdValue = (v: string) => v.replace(/["\\\]]/g, (c) => `\\${c}`);
/** HOSTNAME, APP-NAME, MSGID: printable US-ASCII without spaces, or the nil value. */
const header = (v: string, max: number) => v.replace(/[^!-~]/g, '').slice(0, max) || '-';

export function syslogLine(n: Notification, appName: string, deliveryId: string, now: Date): string {
  const pri = FACILITY * 8 + (SEVERITY[n.severity] ?? 6);
  const sd = [
    ['delivery_id', deliveryId],
    ['message_id', n.id],
    ['kind', n.kind],
    ['severity', n.severity],
    ...(n.incident_id ? [['incident_id', n.incident_id]] : []),
  ]
    .map(([k, v]) => `${k}="${sdValue(v ?? '')}"`)
    .join(' ');
  // One line: a SIEM splits on nothing but the frame, yet many show the text as is; controls are made visible.
  const msg = terminalLine(plainText(n).replace(/\n+/g, ' | '));
  return `<${pri}>1 ${now.toISOString()} ${header(hostname(), 255)} ${header(appName, 48)} ${process.pid} ${header(n.kind, 32)} [premortem@32473 ${sd}] \uFEFF${msg}`;
}

/** One octet-counted frame: "LENGTH SP MESSAGE", the length in bytes. */
export function frame(line: string): Buffer {
  const bytes = Buffer.from(line, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `), bytes]);
}

export function syslogSender(c: SyslogConfig): ChannelSender {
  const ca = c.ca_file ? readFileSync(c.ca_file, 'utf8') : undefined;
  return {
    send: (deliveryId, n, now) =>
      new Promise<SendOutcome>((resolve) => {
        const data = frame(syslogLine(n, c.app_name, deliveryId, now));
        const socket = c.tls
          ? tlsConnect({ host: c.host, port: c.port, servername: c.host, ...(ca ? { ca } : {}) })
          : tcpConnect({ host: c.host, port: c.port });
        socket.setTimeout(POST_TIMEOUT_MS, () =>
          socket.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })),
        );
        socket.once(c.tls ? 'secureConnect' : 'connect', () => socket.end(data));
        socket.once('error', (err) => resolve({ ok: false, permanent: false, detail: networkReason(err) }));
        socket.once('close', (hadError) => {
          if (!hadError) resolve({ ok: true, detail: `syslog ${data.length} bytes` });
        });
      }),
  };
}
