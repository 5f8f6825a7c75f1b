import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleNotification } from '../../../test/notification.js';
import { selfSignedCert } from '../../../test/tls-cert.js';
import { tempDir } from '../../../test/workspace.js';
import { adaptiveCardSchema, teamsMessageSchema } from './adaptive-card-schema.js';
import { slackMessageSchema } from './block-kit-schema.js';
import { emailSender } from './email.js';
import { slackPayload, slackSender } from './slack.js';
import { syslogSender } from './syslog.js';
import { adaptiveCard, teamsPayload, teamsSender } from './teams.js';

const NOW = new Date('2026-01-01T00:00:00Z');
/** Attacker-chosen names in every field that shows log text. */
const hostile = sampleNotification({
  id: 'msg_hostile',
  severity: 'critical',
  title: '[critical] Incident inc-1 opened: <!channel> [click](https://evil.example) <b>x</b>',
  what: 'app "Microsoft Graph" <script>alert(1)</script> & more',
  objects: [
    { type: 'service_principal', id: '11111111-2222-3333-4444-555555555555', name: '<!here> *bold*', app_id: 'aaaa' },
    { type: 'ip', id: '203.0.113.7', name: '203.0.113.7' },
  ],
  incident_id: 'inc-1',
  link: 'https://premortem.example.com/incidents/inc-1',
  quiet: { excepted: 1, suppressed: 2, folded: 3 },
  items: [{ id: 'a1', severity: 'medium', title: 'x\ny' }],
});

const listen = async (server: Server | ReturnType<typeof createHttpServer>): Promise<number> => {
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return (server.address() as AddressInfo).port;
};

describe('Teams and Slack payloads', () => {
  it('Teams: an Adaptive Card 1.5 that validates, with log text escaped; the schema refuses what Teams would', () => {
    expect(teamsMessageSchema.safeParse(teamsPayload(hostile)).error).toBeUndefined();
    const text = JSON.stringify(adaptiveCard(hostile));
    expect(text).not.toContain('[click](https://evil');
    expect(text).not.toContain('<script>');
    expect(adaptiveCardSchema.safeParse({ ...adaptiveCard(hostile), version: '1.6' }).success).toBe(false);
    const card = adaptiveCard(hostile) as { body: Record<string, unknown>[] };
    expect(adaptiveCardSchema.safeParse({ ...card, body: [{ ...card.body[0], color: 'red' }] }).success).toBe(false);
  });

  it('Slack: Block Kit within its limits, plain_text only, no mention or link from the logs', () => {
    const p = slackPayload(hostile);
    expect(slackMessageSchema.safeParse(p).error).toBeUndefined();
    const text = JSON.stringify(p);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;!channel&gt;');
    const long = slackPayload({ ...hostile, title: 'x'.repeat(400) });
    expect(slackMessageSchema.safeParse(long).error).toBeUndefined();
    expect(
      slackMessageSchema.safeParse({
        ...p,
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
      }).success,
    ).toBe(false);
  });

  it('both post their JSON to a local receiver', async () => {
    const bodies: string[] = [];
    const server = createHttpServer((req, res) => {
      let b = '';
      req.on('data', (c) => {
        b += c;
      });
      req.on('end', () => {
        bodies.push(b);
        res.writeHead(200).end('1');
      });
    });
    const port = await listen(server);
    try {
      const url = `http://127.0.0.1:${port}/x`;
      expect(await teamsSender(url).send('d1', hostile, NOW)).toMatchObject({ ok: true });
      expect(await slackSender(url).send('d2', hostile, NOW)).toMatchObject({ ok: true });
      expect(teamsMessageSchema.safeParse(JSON.parse(bodies[0] ?? '')).success).toBe(true);
      expect(slackMessageSchema.safeParse(JSON.parse(bodies[1] ?? '')).success).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('email over SMTP and syslog over TCP/TLS, against local listeners', () => {
  let tmp: { dir: string; cleanup: () => void };
  let tls: ReturnType<typeof selfSignedCert>;
  beforeAll(() => {
    tmp = tempDir();
    tls = selfSignedCert(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('email: upgrades with STARTTLS, sends text and HTML with the delivery id as Message-ID; refuses a server without STARTTLS', async () => {
    const mails: { secure: boolean; raw: string }[] = [];
    const smtp = (noStartTls: boolean) =>
      new SMTPServer({
        key: tls.key,
        cert: tls.cert,
        disabledCommands: noStartTls ? ['STARTTLS'] : [],
        authOptional: true,
        logger: false,
        onData(stream, session, done) {
          let raw = '';
          stream.on('data', (c: Buffer) => {
            raw += c.toString('utf8');
          });
          stream.on('end', () => {
            mails.push({ secure: session.secure, raw });
            done();
          });
        },
      });
    const good = smtp(false);
    const plainOnly = smtp(true);
    const goodPort = await listen(good.server);
    const plainPort = await listen(plainOnly.server);
    const config = (port: number): Parameters<typeof emailSender>[0] => ({
      type: 'email',
      host: '127.0.0.1',
      port,
      tls: 'starttls',
      ca_file: tls.certFile,
      from: 'premortem@contoso.com',
      to: ['soc@contoso.com'],
      min_severity: 'medium',
    });
    try {
      expect(await emailSender(config(goodPort), undefined).send('msg_d1', hostile, NOW)).toMatchObject({ ok: true });
      expect(mails).toHaveLength(1);
      expect(mails[0]?.secure).toBe(true);
      const raw = mails[0]?.raw ?? '';
      expect(raw).toContain('Message-ID: <msg_d1@premortem>');
      expect(raw).toMatch(/Content-Type: text\/plain/);
      expect(raw).toMatch(/Content-Type: text\/html/);
      // Quoted-printable HTML part: the script tag arrives escaped.
      expect(raw).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      const refused = await emailSender(config(plainPort), undefined).send('msg_d2', hostile, NOW);
      expect(refused.ok).toBe(false);
      expect(mails).toHaveLength(1);
    } finally {
      good.close();
      plainOnly.close();
    }
  });

  it('syslog: one RFC 5424 message per octet-counted frame, over TCP and over TLS', async () => {
    const frames: string[] = [];
    const collect = (socket: NodeJS.ReadableStream) => {
      let buf = '';
      socket.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
      });
      socket.on('end', () => frames.push(buf));
    };
    const tcp = createTcpServer(collect);
    const tlsServer = createTlsServer({ key: tls.key, cert: tls.cert }, collect);
    const tcpPort = await listen(tcp);
    const tlsPort = await listen(tlsServer);
    const base = { type: 'syslog', host: '127.0.0.1', app_name: 'premortem', min_severity: 'medium' } as const;
    try {
      expect(await syslogSender({ ...base, port: tcpPort, tls: false }).send('msg_s1', hostile, NOW)).toMatchObject({
        ok: true,
      });
      expect(
        await syslogSender({ ...base, port: tlsPort, tls: true, ca_file: tls.certFile }).send('msg_s2', hostile, NOW),
      ).toMatchObject({ ok: true });
      await new Promise((r) => setImmediate(r));
      expect(frames).toHaveLength(2);
      for (const [i, f] of frames.entries()) {
        const m = /^(\d+) (.*)$/s.exec(f);
        expect(Buffer.byteLength(m?.[2] ?? '')).toBe(Number(m?.[1]));
        // <34>: facility 4 (security), severity 2 (critical); version 1; the delivery id in structured data.
        expect(m?.[2]).toMatch(
          new RegExp(
            `^<34>1 2026-01-01T00:00:00.000Z \\S+ premortem \\d+ incident-opened \\[premortem@32473 delivery_id="msg_s${i + 1}" message_id="msg_hostile" kind="incident-opened" severity="critical" incident_id="inc-1"\\] \uFEFF`,
          ),
        );
        expect(m?.[2]).not.toContain('\n');
      }
    } finally {
      tcp.close();
      tlsServer.close();
    }
  });
});
