/**
 * notify.yaml in the workspace: channels, routes and the noise budget, validated with zod. Secrets never live in
 * the file: a webhook's signing secret, an SMTP password and the Teams/Slack webhook URLs (whose path is the
 * credential) come from an environment variable (`*_env`) or a file (`*_file`). A key that would hold a secret
 * inline is refused with the place to put it instead, and no message ever quotes a secret's value.
 *
 * The quickest setup needs no file: PREMORTEM_WEBHOOK_URL and PREMORTEM_WEBHOOK_SECRET define one signed webhook
 * channel ("webhook") that takes every message at or above medium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PremortemError } from '../core/errors.js';
import { SEVERITIES } from '../core/severity.js';
import { parseYamlWith } from '../core/yaml-file.js';

export const NOTIFY_FILE = 'notify.yaml';

const severity = z.enum(SEVERITIES);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL');

/** A value given by an environment variable or a file, never inline. */
const secretRef = (what: string) =>
  z
    .object({ env: envName.optional(), file: z.string().min(1).optional() })
    .strict()
    .refine(
      (s) => (s.env === undefined) !== (s.file === undefined),
      `name the ${what} by env or by file (one of them)`,
    );

const INLINE_SECRET_KEYS = ['secret', 'password', 'token', 'webhook_url'];

/** Refuses keys that would put a secret in the file, naming where it goes instead (without quoting its value). */
const noInlineSecrets = (shape: Record<string, unknown>, ctx: z.RefinementCtx): void => {
  for (const k of INLINE_SECRET_KEYS)
    if (k in shape)
      ctx.addIssue({
        code: 'custom',
        path: [k],
        message: `secrets never go in notify.yaml: give ${k === 'webhook_url' ? 'url' : k} as { env: VAR } or { file: PATH }`,
      });
};

const base = {
  /** Messages below this severity are not sent to the channel (reminders and tests always are). */
  min_severity: severity.default('medium'),
};

const webhookChannel = z
  .object({
    type: z.literal('webhook'),
    url: z.union([httpUrl, secretRef('webhook URL')]),
    signing_secret: secretRef('signing secret'),
    ...base,
  })
  .strict();

const teamsChannel = z.object({ type: z.literal('teams'), url: secretRef('Workflows webhook URL'), ...base }).strict();
const slackChannel = z.object({ type: z.literal('slack'), url: secretRef('incoming webhook URL'), ...base }).strict();

const emailChannel = z
  .object({
    type: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** STARTTLS is required unless stated otherwise; `implicit` is TLS from the first byte (port 465). */
    tls: z.enum(['starttls', 'implicit']).default('starttls'),
    ca_file: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    smtp_password: secretRef('SMTP password').optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
    ...base,
  })
  .strict();

const syslogChannel = z
  .object({
    type: z.literal('syslog'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(6514),
    tls: z.boolean().default(true),
    ca_file: z.string().min(1).optional(),
    /** RFC 5424 APP-NAME and HOSTNAME. */
    app_name: z
      .string()
      .regex(/^[!-~]{1,48}$/)
      .default('premortem'),
    ...base,
  })
  .strict();

// Inline secrets are looked for before the shape is checked, so the message says where the secret goes instead of
// only "unrecognized key".
const channelSchema = z
  .record(z.string(), z.unknown())
  .superRefine(noInlineSecrets)
  .pipe(z.discriminatedUnion('type', [webhookChannel, teamsChannel, slackChannel, emailChannel, syslogChannel]));

/** A route sends matching messages to channels; every listed condition must hold, an absent one matches all. */
const routeSchema = z
  .object({
    channels: z.array(z.string().min(1)).min(1),
    min_severity: severity.optional(),
    rules: z.array(z.string().min(1)).optional(),
    tags: z.array(z.string().min(1)).optional(),
    tenants: z.array(z.string().min(1)).optional(),
  })
  .strict();

const fileSchema = z
  .object({
    /** The base URL of `premortem serve`; messages link to the incident there. */
    serve_url: httpUrl.optional(),
    /** Incidents at or above this severity are told at once (opened, escalated); lower ones go to the digest. */
    immediate_severity: severity.default('high'),
    digest_minutes: z.number().int().min(1).max(1440).default(60),
    channels: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'channel names are lower-case words'), channelSchema),
    /** Without routes, every channel gets every message at or above its min_severity. */
    routes: z.array(routeSchema).optional(),
  })
  .strict();

export type ChannelConfig = z.infer<typeof channelSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;

/** Channels by name, routes, and the noise budget. */
export interface NotifyConfig {
  readonly channels: ReadonlyMap<string, ChannelConfig>;
  readonly routes: readonly RouteConfig[] | undefined;
  readonly serveUrl: string | undefined;
  readonly immediateSeverity: z.infer<typeof severity>;
  readonly digestMinutes: number;
  /** Where the configuration came from, for messages. */
  readonly sources: readonly string[];
  /**
   * The environment the configuration was loaded with: channels read their secrets from it when they are used.
   * A fleet loads each tenant's configuration with that tenant's environment, so reading process.env here would
   * sign one tenant's webhooks with another's secret, or with none. Absent: process.env.
   */
  readonly env?: NodeJS.ProcessEnv;
}

const HINT = 'see docs/notify.md for the format of notify.yaml';

function parseFile(file: string): z.infer<typeof fileSchema> {
  const doc = parseYamlWith(file, readFileSync(file, 'utf8'), fileSchema, HINT);
  for (const [i, r] of (doc.routes ?? []).entries())
    for (const c of r.channels)
      if (!(c in doc.channels) && c !== QUICK_CHANNEL)
        throw new PremortemError(
          'input-malformed',
          `${file}: routes[${i}] names channel "${c}", which is not defined`,
          {
            source: { file, field: `routes[${i}].channels` },
            hint: HINT,
          },
        );
  return doc;
}

/** The channel that PREMORTEM_WEBHOOK_URL and PREMORTEM_WEBHOOK_SECRET define. */
export const QUICK_CHANNEL = 'webhook';

/**
 * The workspace's notification setup: notify.yaml when present, plus the quick webhook channel from the
 * environment. An empty configuration (no file, no variables) has no channels: messages are still recorded.
 */
export function loadNotifyConfig(workspaceDir: string, env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const file = join(workspaceDir, NOTIFY_FILE);
  const parsed = existsSync(file) ? parseFile(file) : undefined;
  const channels = new Map<string, ChannelConfig>(Object.entries(parsed?.channels ?? {}));
  const sources: string[] = parsed ? [file] : [];
  const quickUrl = env.PREMORTEM_WEBHOOK_URL;
  if (quickUrl) {
    if (!env.PREMORTEM_WEBHOOK_SECRET)
      throw new PremortemError('usage', 'PREMORTEM_WEBHOOK_URL is set but PREMORTEM_WEBHOOK_SECRET is not', {
        hint: "set PREMORTEM_WEBHOOK_SECRET to the receiver's whsec_… secret: premortem signs every webhook",
      });
    if (!/^https?:\/\/\S+$/.test(quickUrl))
      throw new PremortemError('usage', 'PREMORTEM_WEBHOOK_URL is not an http(s) URL');
    if (channels.has(QUICK_CHANNEL))
      throw new PremortemError(
        'usage',
        `notify.yaml defines a channel "${QUICK_CHANNEL}" and PREMORTEM_WEBHOOK_URL is set`,
        {
          hint: 'rename the channel in notify.yaml, or unset PREMORTEM_WEBHOOK_URL',
        },
      );
    channels.set(QUICK_CHANNEL, {
      type: 'webhook',
      url: quickUrl,
      signing_secret: { env: 'PREMORTEM_WEBHOOK_SECRET' },
      min_severity: 'medium',
    });
    sources.push('PREMORTEM_WEBHOOK_URL');
  }
  return {
    channels,
    routes: parsed?.routes,
    serveUrl: parsed?.serve_url ?? env.PREMORTEM_SERVE_URL,
    immediateSeverity: parsed?.immediate_severity ?? 'high',
    digestMinutes: parsed?.digest_minutes ?? 60,
    sources,
    env,
  };
}

/**
 * Reads a secret named by env or file, when a channel is used. A missing one is a usage error naming the variable
 * or file, never the value.
 */
export function readSecret(
  ref: { env?: string | undefined; file?: string | undefined },
  what: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (ref.env !== undefined) {
    const v = env[ref.env];
    if (!v) throw new PremortemError('usage', `the ${what} comes from ${ref.env}, which is not set`);
    return v;
  }
  if (ref.file !== undefined) {
    if (!existsSync(ref.file))
      throw new PremortemError('usage', `the ${what} comes from ${ref.file}, which does not exist`);
    return readFileSync(ref.file, 'utf8').trim();
  }
  throw new PremortemError('usage', `no ${what} given`);
}

/** A URL given inline or by reference. */
export function readUrl(
  url: string | { env?: string | undefined; file?: string | undefined },
  what: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return typeof url === 'string' ? url : readSecret(url, what, env);
}
