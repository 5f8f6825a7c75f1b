/**
 * Email over SMTP with nodemailer: STARTTLS required by default (`requireTLS`: the message is never sent in
 * clear when the server does not offer it), or TLS from the first byte; plain text plus HTML, every log text
 * escaped for HTML. The delivery id is the Message-ID, so a mail client threads a retry with its first copy.
 */
import { readFileSync } from 'node:fs';
import { html } from '../../core/escape.js';
import type { ChannelConfig } from '../config.js';
import { type Notification, objectLine, plainText, quietLine } from '../message.js';
import type { ChannelSender, SendOutcome } from './channel.js';
import { POST_TIMEOUT_MS } from './http-post.js';

type EmailConfig = Extract<ChannelConfig, { type: 'email' }>;

export function emailHtml(n: Notification): string {
  const li = (items: string[]) => `<ul>${items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`;
  return [
    `<h2>${html(n.title)}</h2>`,
    `<p><strong>What happened:</strong> ${html(n.what)}</p>`,
    `<p><strong>Why it matters:</strong> ${html(n.why)}</p>`,
    `<p><strong>Next action:</strong> ${html(n.next_action)}</p>`,
    n.objects.length > 0 ? `<p><strong>Who and what (by id)</strong></p>${li(n.objects.map(objectLine))}` : '',
    n.items && n.items.length > 0 ? li(n.items.map((i) => `[${i.severity}] ${i.title} (alert ${i.id})`)) : '',
    n.quiet ? `<p>${html(quietLine(n.quiet))}</p>` : '',
    n.link ? `<p><a href="${html(n.link)}">Open in premortem</a></p>` : '',
    `<p style="color:#666">premortem message ${html(n.id)}</p>`,
  ].join('\n');
}

/** An SMTP failure as codes only: the server's reply text can quote the envelope. 5xx replies are permanent. */
function smtpOutcome(err: unknown): SendOutcome {
  const e = err as { code?: unknown; responseCode?: unknown };
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? e.code : 'error';
  return { ok: false, permanent: status !== undefined && status >= 500, detail: `SMTP ${status ?? code}` };
}

export function emailSender(c: EmailConfig, password: string | undefined): ChannelSender {
  // Loaded when an email channel is used, not by every command of the CLI.
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({
      host: c.host,
      port: c.port,
      secure: c.tls === 'implicit',
      requireTLS: c.tls === 'starttls',
      ...(c.ca_file ? { tls: { ca: readFileSync(c.ca_file, 'utf8') } } : {}),
      ...(c.user ? { auth: { user: c.user, pass: password ?? '' } } : {}),
      connectionTimeout: POST_TIMEOUT_MS,
      greetingTimeout: POST_TIMEOUT_MS,
      socketTimeout: POST_TIMEOUT_MS,
    }),
  );
  return {
    send: async (deliveryId, n) => {
      try {
        const info = await (await transport).sendMail({
          from: c.from,
          to: [...c.to, ...(n.recipients ?? [])],
          subject: n.title.replace(/[\r\n]+/g, ' '),
          text: plainText(n),
          html: emailHtml(n),
          messageId: `<${deliveryId}@premortem>`,
          headers: { 'X-Premortem-Message': n.id },
        });
        return { ok: true, detail: `SMTP accepted ${info.accepted.length} recipient(s)` };
      } catch (err) {
        return smtpOutcome(err);
      }
    },
  };
}
