import type { Command } from 'commander';
import { type CollectSummary, collectLogs } from '../collect/collect-logs.js';
import { watchLoop } from '../collect/watch.js';
import { parseDuration } from '../core/time.js';
import type { Alert } from '../detect/alert.js';
import { resolveFleetPath } from '../fleet/config.js';
import { fleetStatusLoader } from '../fleet/status.js';
import { loadNotifyConfig } from '../notify/config.js';
import { deliverStep, retryLoop } from '../notify/retry-loop.js';
import { addAccount, listAccounts } from '../serve/accounts.js';
import { createContext } from '../serve/context.js';
import { ensureDemoData, newestEventTime } from '../serve/demo-workspace.js';
import { OidcClient } from '../serve/oidc.js';
import { generatePassword } from '../serve/passwords.js';
import { builtinRuleTests } from '../serve/rules-data.js';
import { checkListenOptions, startServer } from '../serve/server.js';
import { realClock } from '../sources/graph/clock.js';
import { registerSecret } from '../sources/graph/redact.js';
import { type GraphFlags, resolveGraphSettings } from '../sources/graph/settings.js';
import { Workspace } from '../store/workspace.js';
import { addGraphOptions, graphSessionFor, progress, redacting } from './collect.js';
import { globalOptions, usageError } from './common.js';
import { builtinDetection } from './watch.js';

interface ServeFlags extends GraphFlags {
  host: string;
  port: string;
  demo?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  interval?: string;
  oidcIssuer?: string;
  oidcClientId?: string;
  fleet?: string;
  redis?: string;
}

/** The demo's own workspace, so `serve --demo` never mixes the simulated tenant into a real one. */
const DEMO_WORKSPACE = './.premortem-demo';

/** Graph settings are present when a tenant (with credentials) or a ready token is configured. */
function graphConfigured(flags: GraphFlags, wsDir: string): boolean {
  const s = resolveGraphSettings(flags, process.env, { workspaceDir: wsDir });
  return s.token !== undefined || (s.tenantId !== undefined && s.clientId !== undefined);
}

/** `premortem serve`: the dashboard and JSON API, and the watcher when Graph settings are present. */
export function registerServe(program: Command): void {
  addGraphOptions(
    program
      .command('serve')
      .description('the web dashboard and JSON API over the workspace; watches Graph when it is configured')
      .option(
        '--host <address>',
        'address to listen on (anything but 127.0.0.1 needs TLS or --insecure-http)',
        '127.0.0.1',
      )
      .option('--port <n>', 'port to listen on (0: any free port)', '7474')
      .option(
        '--demo',
        `serve the demo tenant (simulated, imported and detected into ${DEMO_WORKSPACE} the first time)`,
      )
      .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
      .option('--tls-key <file>', 'PEM private key of --tls-cert')
      .option('--insecure-http', 'allow plain HTTP on an address other than 127.0.0.1 (behind a TLS proxy)')
      .option('--interval <duration>', 'time between Graph polls when watching (default 30s)')
      .option('--fleet <file>', 'show the fleet of this fleet.yaml on /fleet (needs --redis or PREMORTEM_REDIS_URL)')
      .option('--redis <url>', 'the fleet queue: redis://[:PASSWORD@]HOST:PORT or rediss:// (env PREMORTEM_REDIS_URL)')
      .option(
        '--oidc-issuer <url>',
        'sign in with OpenID Connect too (Entra ID: https://login.microsoftonline.com/TENANT/v2.0)',
      )
      .option(
        '--oidc-client-id <id>',
        'the app registration for --oidc-issuer (secret, if any: PREMORTEM_OIDC_CLIENT_SECRET)',
      ),
  )
    .addHelpText(
      'after',
      `
Sign in with an account made by premortem users add (serve --demo makes a demo-admin account the first time and
prints its password once). Every page but /healthz needs a session; every change is in the audit trail.
Stop with Ctrl-C or SIGTERM: requests in flight and the current Graph page finish, nothing is half-stored.

Examples:
  premortem serve --demo
  premortem users add alice --role admin && premortem serve --port 8080
  premortem serve --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem --tenant contoso.com --client-id 1b2c...`,
    )
    .action(async (opts: ServeFlags, cmd: Command) =>
      redacting(async () => {
        const listen = {
          host: opts.host,
          port: Number(opts.port),
          ...(opts.tlsCert !== undefined ? { tlsCert: opts.tlsCert } : {}),
          ...(opts.tlsKey !== undefined ? { tlsKey: opts.tlsKey } : {}),
          ...(opts.insecureHttp ? { insecureHttp: true } : {}),
        };
        if (!/^\d+$/.test(opts.port)) throw usageError(`--port takes a number, not "${opts.port}"`);
        checkListenOptions(listen);
        const intervalMs = parseDuration(opts.interval ?? '30s');
        if (intervalMs === undefined || intervalMs < 1000)
          throw usageError(`--interval takes a duration of at least 1s, not "${opts.interval}"`);
        const flag = globalOptions(cmd).workspace;
        const wsDir = Workspace.resolveDir(
          flag ?? (opts.demo && !process.env.PREMORTEM_WORKSPACE ? DEMO_WORKSPACE : undefined),
        );
        const watching = !opts.demo && graphConfigured(opts, wsDir);
        const session = watching ? graphSessionFor(cmd, opts) : undefined;
        if ((opts.oidcIssuer === undefined) !== (opts.oidcClientId === undefined))
          throw usageError('--oidc-issuer and --oidc-client-id go together');
        const secret = process.env.PREMORTEM_OIDC_CLIENT_SECRET;
        if (secret) registerSecret(secret);
        const oidc =
          opts.oidcIssuer !== undefined && opts.oidcClientId !== undefined
            ? new OidcClient({
                issuer: opts.oidcIssuer,
                clientId: opts.oidcClientId,
                ...(secret ? { clientSecret: secret } : {}),
              })
            : undefined;
        const fleetFile = opts.fleet ?? process.env.PREMORTEM_FLEET;
        const fleet = fleetFile === undefined ? undefined : fleetStatusLoader(resolveFleetPath(fleetFile), opts.redis);
        const ws = await Workspace.open(wsDir);
        const abort = new AbortController();
        let stopped = false;
        try {
          // The watcher delivers notifications as it goes; the demo workspace has none to send.
          const notify = opts.demo ? undefined : loadNotifyConfig(ws.dir);
          const detect = builtinDetection(ws, [], notify);
          let now: (() => Date) | undefined;
          if (opts.demo) {
            // Nothing arrived from Graph: the demo's data was imported (detection reads the store either way).
            await ensureDemoData(ws, () => detect({ endpoints: [], loaded: 0 }), progress);
            await detect.shown();
            const pinned = (await newestEventTime(ws)) ?? new Date();
            now = () => pinned;
            if ((await listAccounts(ws)).length === 0) {
              const password = generatePassword();
              await addAccount(ws, 'premortem serve --demo', {
                username: 'demo-admin',
                role: 'admin',
                password,
                displayName: 'Demo administrator',
              });
              progress(
                `demo: sign in as demo-admin with the password ${password} (shown once; premortem users reset demo-admin makes another)`,
              );
            }
          } else if ((await listAccounts(ws)).length === 0) {
            throw usageError('no accounts: nobody could sign in', 'premortem users add NAME --role admin');
          }
          const ctx = createContext(ws, {
            ...(fleet ? { fleet } : {}),
            ...(now ? { now } : {}),
            ...(oidc ? { oidc } : {}),
            secureCookies: listen.tlsCert !== undefined,
          });
          const server = await startServer(ctx, listen);
          progress(`premortem serve: listening on ${server.url} (workspace ${wsDir})`);
          // The rules page shows the built-in rules' own tests; they take a while, so they start now, not on the
          // first visit.
          builtinRuleTests(abort.signal).catch((err: unknown) => {
            if (!abort.signal.aborted) progress(`rule tests failed to run: ${String(err)}`);
          });
          const done = new Promise<string>((resolve) => {
            const stop = (signal: string) => () => resolve(signal);
            process.once('SIGINT', stop('SIGINT'));
            process.once('SIGTERM', stop('SIGTERM'));
          });
          let watcher: Promise<unknown> = Promise.resolve();
          if (session) {
            progress(`watching Graph every ${intervalMs / 1000} s`);
            // A poll holds the context's queue, so a page never reads a half-stored Graph page (context.ts); the
            // detection runs the poll makes between its endpoints are inside it already and must not queue again.
            let polling = false;
            const inQueue = <T>(fn: () => Promise<T>): Promise<T> => (polling ? fn() : ctx.change(fn));
            watcher = watchLoop<Alert>({
              intervalMs,
              signal: abort.signal,
              poll: (signal, landed) =>
                ctx.change(async () => {
                  polling = true;
                  try {
                    return await collectLogs(ws, session.client, {
                      tenantId: session.tenantId,
                      sinceMs: 86_400_000,
                      sinceExplicit: false,
                      ual: session.ual,
                      ...(signal ? { signal } : {}),
                      onLanded: landed,
                    });
                  } finally {
                    polling = false;
                  }
                }),
              detect: (arrived) => inQueue(() => detect(arrived)),
              // Serve shows them on its pages from here on: announced.
              onAlerts: () => inQueue(() => detect.shown()),
              onPoll: (r) => {
                if (r.error) progress(`poll ${r.poll}: failed (${r.error}); trying again at the next interval`);
                else
                  progress(
                    `poll ${r.poll}: ${r.summary?.totals.loaded ?? 0} new event(s), ${r.alerts.length} alert(s)`,
                  );
              },
            }).catch((err: unknown) => {
              progress(`watching stopped: ${err instanceof Error ? err.message : String(err)}`);
            });
          } else progress('no Graph settings: serving the imported data only');
          // Failed deliveries are retried when their backoff says, on a timer of their own: not at the watcher's
          // next poll, and also when there is no Graph to watch.
          const retries =
            notify && notify.channels.size > 0
              ? retryLoop({
                  deliver: (
                    (step) => () =>
                      ctx.change(step)
                  )(deliverStep(ws, notify, realClock)),
                  clock: realClock,
                  signal: abort.signal,
                  report: progress,
                })
              : Promise.resolve();
          const signal = await done;
          progress(`${signal}: stopping (requests in flight and the current page finish)`);
          abort.abort(new Error(`stopped by ${signal}`));
          await watcher;
          await retries;
          await server.close();
          stopped = true;
        } finally {
          if (!stopped) abort.abort();
          ws.close();
        }
      }),
    );
}
