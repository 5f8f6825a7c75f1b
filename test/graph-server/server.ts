/**
 * A Graph-compatible HTTP server on 127.0.0.1 for tests: the real endpoint paths, paging ($top, $skiptoken,
 * @odata.nextLink), $filter windows, newest-first order, permissions and licences per app, the reports budget
 * (5 requests per 10 s per app) and the Identity Protection one (1 per second, 429 without Retry-After), a token
 * endpoint over https (MSAL insists on an https authority), and switchable faults. Time comes from `now`, so a test
 * can run the server and the client on one virtual clock.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultInjector, type FaultKind, type FaultPlan } from './faults.js';
import { handleManagement, type ManagementContext } from './management-api.js';
import { FilterError, parseFilter } from './odata-filter.js';
import { findRoute, type Licence, licensed, type Route } from './routes.js';
import { type GraphObject, TenantStore } from './tenant-data.js';
import { type TestApp, TokenService } from './token-service.js';
import type { UalFeedFaults } from './ual-feed.js';
import { handleWrite, type WriteContext } from './write-api.js';

const TLS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'tls');

/** The authority's TLS certificate: trust it to let MSAL talk to the test token endpoint. */
export const AUTHORITY_CA = readFileSync(join(TLS_DIR, 'authority-cert.pem'), 'utf8');
/** Private key + certificate of the test app registered for the certificate credential. */
export const CLIENT_CERT_PATH = join(TLS_DIR, 'client-app.pem');

/** Every permission premortem can use: what a fully consented app has. */
export const ALL_ROLES = [
  'AuditLog.Read.All',
  'Directory.Read.All',
  'Policy.Read.All',
  'RoleManagement.Read.Directory',
  'IdentityRiskEvent.Read.All',
  'IdentityRiskyUser.Read.All',
  'RoleManagementAlert.Read.Directory',
  'IdentityRiskyServicePrincipal.Read.All',
  'Application.Read.All',
  'User.Read.All',
  'Domain.Read.All',
  'Organization.Read.All',
  'SecurityAlert.Read.All',
  // Office 365 Management APIs (the unified audit log): only ever in a token for the management audience.
  'ActivityFeed.Read',
];

/**
 * The write permissions containment asks for (least privileged per request, Microsoft Graph permissions reference),
 * with the reads its read-backs need: what the separate containment app registration is granted.
 */
export const CONTAIN_ROLES = [
  'User.Read.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'User-PasswordProfile.ReadWrite.All',
  'Application.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Policy.Read.All',
  'Policy.ReadWrite.ConditionalAccess',
  'MailboxSettings.ReadWrite',
];

export interface ServedRequest {
  readonly method: string;
  readonly path: string;
  /** The full request URL (path and query) as received. */
  readonly url: string;
  readonly status: number;
  readonly fault?: FaultKind;
  /** Records in the page served (list endpoints). */
  readonly items?: number;
  readonly authorization?: string;
}

export interface GraphServerOptions {
  readonly tenantId?: string;
  readonly apps?: TestApp[];
  readonly licence?: Licence;
  readonly faults?: FaultPlan;
  readonly now?: () => number;
  /** Enforce the per-app reports budget with 429s (default on). */
  readonly reportsBudget?: { requests: number; windowMs: number } | false;
  /** Told about every Graph request after it is answered. */
  readonly onRequest?: (r: ServedRequest) => void;
  /** Unified audit log faults: records duplicated across blobs, content listed twice, late content. */
  readonly ualFeed?: UalFeedFaults;
  /** Content entries per listing page of the Management Activity API (default 5). */
  readonly ualListPageSize?: number;
  /**
   * Serve Graph behind another listener at this base URL (fleet-server.ts: many tenants on one port) instead of
   * listening: no port is opened, `handle` answers the requests, and there is no authority or management listener
   * (tenants sign in with tokens from `tokens.issue`).
   */
  readonly mountedAt?: string;
}

export interface GraphTestServer {
  readonly graphUrl: string;
  /** The Office 365 Management Activity API (a listener of its own: its own host and token audience). */
  readonly managementUrl: string;
  /** Its state: enabled subscriptions, feed faults, listing page size. */
  readonly management: ManagementContext;
  readonly authorityHost: string;
  readonly authorityCa: string;
  readonly tenantId: string;
  /** The app with a client secret and every permission. */
  readonly app: { readonly clientId: string; readonly clientSecret: string };
  /** The containment app (CONTAIN_ROLES): tests issue its token with tokens.issue(containAppId). */
  readonly containAppId: string;
  /** The app that signs in with CLIENT_CERT_PATH. */
  readonly certApp: { readonly clientId: string; readonly certificatePath: string };
  readonly data: TenantStore;
  /** Containment's writes: what was sent, and the switch that makes writes fail half-way (write-api.ts). */
  readonly writes: WriteContext;
  readonly faults: FaultInjector;
  readonly tokens: TokenService;
  readonly requests: ServedRequest[];
  /** Requests refused for exceeding a budget: a client that respects the budgets never causes one. */
  readonly budgetViolations: number;
  licence: Licence;
  onRequest: ((r: ServedRequest) => void) | undefined;
  /** Answers one Graph request (what the Graph listener does; a mounted server has only this). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

const TEST_TENANT = '8f3c2a10-5b7e-4c1d-9a6f-2e4b8d0c7a19';
const SECRET_APP = 'b1f0e6d2-3c4a-4e8f-9d7b-6a5c4b3a2f10';
const CERT_APP = 'c2e1f7a3-4d5b-4f9a-8e6c-7b6d5c4b3a21';
/** The containment app: write permissions only it holds (collect's apps never do). */
const CONTAIN_APP = 'd3f2a8b4-5e6c-4a0b-9f7d-8c7e6d5c4b32';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; odata.metadata=minimal',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const graphError = (code: string, message: string) => ({ error: { code, message, innerError: { date: '' } } });

const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
function decodeToken(token: string | null): number | undefined {
  if (token === null) return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString()) as { o?: unknown }).o;
    return typeof o === 'number' && o >= 0 ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the server; close() stops both listeners. */
export async function startGraphServer(options: GraphServerOptions = {}): Promise<GraphTestServer> {
  const now = options.now ?? Date.now;
  const tenantId = options.tenantId ?? TEST_TENANT;
  const clientSecret = 'pm-test-secret~Zq8V3nR1xW6yK0aT5bE2';
  const apps: TestApp[] = options.apps ?? [
    { clientId: SECRET_APP, secret: clientSecret, roles: ALL_ROLES },
    { clientId: CERT_APP, certificatePem: readFileSync(CLIENT_CERT_PATH, 'utf8'), roles: ALL_ROLES },
    { clientId: CONTAIN_APP, roles: CONTAIN_ROLES },
  ];
  const tokens = new TokenService(tenantId, apps, now);
  const data = new TenantStore(tenantId, now);
  const faults = new FaultInjector(options.faults);
  const requests: ServedRequest[] = [];
  // The containment app holds the directory role a password change needs; tests take it away to see Graph's 403.
  const directoryRoles = new Map([[CONTAIN_APP, ['User Administrator']]]);
  const writes: WriteContext = { data, faults, now, directoryRoles, failing: undefined, writes: [] };
  const sent = new Map<string, number[]>();
  const budget = options.reportsBudget === undefined ? { requests: 5, windowMs: 10_000 } : options.reportsBudget;
  let graphBase = '';

  const state = {
    budgetViolations: 0,
    licence: options.licence ?? ('P2' as Licence),
    onRequest: options.onRequest,
  };

  /** Sliding-window check: how long until one more request fits (0: it fits now, and is counted). */
  const overBudget = (key: string, limit: number, windowMs: number): number => {
    const t = now();
    const times = (sent.get(key) ?? []).filter((x) => x > t - windowMs);
    sent.set(key, times);
    if (times.length >= limit) return (times[0] as number) + windowMs - t;
    times.push(t);
    return 0;
  };

  function serveList(
    res: ServerResponse,
    url: URL,
    route: Route,
    records: GraphObject[],
    context: string,
    fault: FaultKind | undefined,
  ): { status: number; items: number } {
    const topText = url.searchParams.get('$top');
    const top = topText === null ? route.defaultTop : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > route.maxTop) {
      sendJson(
        res,
        400,
        graphError(
          'BadRequest',
          `Invalid page size specified: '${topText}'. Must be between 1 and ${route.maxTop} inclusive.`,
        ),
      );
      return { status: 400, items: 0 };
    }
    const offset = decodeToken(url.searchParams.get('$skiptoken'));
    if (offset === undefined) {
      sendJson(res, 400, graphError('BadRequest', 'Invalid $skiptoken'));
      return { status: 400, items: 0 };
    }
    // The "duplicated items across pages" fault: a page after the first starts a few items early.
    const dup = offset > 0 ? Math.min(faults.current.duplicateAcrossPages ?? 0, top - 1) : 0;
    const start = Math.max(0, offset - dup);
    const value = records.slice(start, start + top);
    const body: Record<string, unknown> = { '@odata.context': context, value };
    const next = start + top;
    if (next < records.length) {
      const q = new URLSearchParams(url.searchParams);
      q.delete('$skiptoken');
      const parts = [...q.entries()].map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      parts.push(`$skiptoken=${encodeToken(next)}`);
      body['@odata.nextLink'] = `${graphBase}${url.pathname}?${parts.join('&')}`;
    }
    return sendPage(res, body, value.length, fault);
  }

  /** Sends a 200 page, or the fault drawn for it. */
  function sendPage(
    res: ServerResponse,
    body: unknown,
    items: number,
    fault: FaultKind | undefined,
  ): { status: number; items: number } {
    const text = JSON.stringify(body);
    if (fault === 'truncated') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(text.slice(0, Math.floor(text.length / 2)));
      return { status: 200, items: 0 };
    }
    if (fault === 'cut-connection') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
      return { status: 200, items: 0 };
    }
    if (fault === 'invalid-page') {
      sendJson(res, 200, { '@odata.context': 'oops', values: [] });
      return { status: 200, items: 0 };
    }
    sendJson(res, 200, body);
    return { status: 200, items };
  }

  async function handleGraph(req: IncomingMessage, res: ServerResponse): Promise<ServedRequest> {
    const url = new URL(req.url ?? '/', graphBase);
    const base = {
      method: req.method ?? 'GET',
      path: url.pathname,
      url: req.url ?? '/',
      authorization: req.headers.authorization,
    };
    const who = tokens.verify(req.headers.authorization);
    if ('error' in who) {
      sendJson(res, 401, graphError('InvalidAuthenticationToken', who.error));
      return { ...base, status: 401 };
    }
    if (tokens.isManagementAudience(who.audience)) {
      sendJson(res, 401, graphError('InvalidAuthenticationToken', 'Invalid audience.'));
      return { ...base, status: 401 };
    }
    const written = await handleWrite(writes, req, res, url, who);
    if (written) return { ...base, ...written };
    const route = findRoute(url.pathname);
    if (!route || req.method !== 'GET') {
      sendJson(
        res,
        404,
        graphError('Request_ResourceNotFound', `Resource not found for the segment '${url.pathname}'.`),
      );
      return { ...base, status: 404 };
    }
    if (!route.roles.some((r) => who.roles.includes(r))) {
      sendJson(
        res,
        403,
        graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      );
      return { ...base, status: 403 };
    }
    const select = url.searchParams.get('$select') ?? '';
    if (!licensed(state.licence, route.licence) || (/signInActivity/.test(select) && state.licence === 'none')) {
      const premium =
        route.licence === 'P2' &&
        /signInActivity/.test(select) === false &&
        route.kind.type === 'log' &&
        route.kind.collection !== 'signIns';
      sendJson(
        res,
        403,
        premium
          ? graphError(
              'Forbidden',
              'Your tenant is not licensed for this feature. It requires an Azure AD Premium P2 license.',
            )
          : graphError(
              'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
              "Neither tenant is B2C or tenant doesn't have premium license",
            ),
      );
      return { ...base, status: 403 };
    }
    if (route.budget === 'reports' && budget) {
      const wait = overBudget(`reports:${who.clientId}`, budget.requests, budget.windowMs);
      if (wait > 0) {
        state.budgetViolations++;
        sendJson(res, 429, graphError('TooManyRequests', 'Too many requests'), {
          'Retry-After': String(Math.ceil(wait / 1000)),
        });
        return { ...base, status: 429 };
      }
    }
    if (route.budget === 'identityProtection') {
      const wait = overBudget('identityProtection', 1, 1000);
      if (wait > 0) {
        state.budgetViolations++;
        // Identity Protection's 429s carry no Retry-After (reference/graph_api_limits_permissions.md).
        sendJson(res, 429, graphError('TooManyRequests', 'Too many requests'));
        return { ...base, status: 429 };
      }
    }

    const fault = faults.draw(url.pathname, req.url ?? '');
    if (fault === 'reset') {
      req.socket.destroy();
      return { ...base, status: 0, fault };
    }
    if (fault === 'throttle' || fault === 'throttle-no-retry-after' || fault === 'unavailable-503') {
      const status = fault === 'unavailable-503' ? 503 : 429;
      const headers: Record<string, string> =
        fault === 'throttle' ? { 'Retry-After': String(faults.current.retryAfterSeconds ?? 1) } : {};
      sendJson(
        res,
        status,
        graphError(status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Try again later'),
        headers,
      );
      return { ...base, status, fault };
    }

    const version = url.pathname.split('/')[1] ?? 'v1.0';
    const filterText = url.searchParams.get('$filter');
    const problem = route.checkFilter?.(filterText);
    if (problem) {
      sendJson(res, 400, graphError('BadRequest', problem));
      return { ...base, status: 400 };
    }
    let predicate: ReturnType<typeof parseFilter>;
    try {
      predicate = parseFilter(filterText, route.filterable);
    } catch (err) {
      if (!(err instanceof FilterError)) throw err;
      sendJson(res, 400, graphError('BadRequest', err.message));
      return { ...base, status: 400 };
    }
    const kind = route.kind;
    let out: { status: number; items: number };
    if (kind.type === 'log') {
      const records = data.visible(kind.collection).filter(predicate);
      out = serveList(res, url, route, records, `${graphBase}/${version}/$metadata#${kind.collection}`, fault);
    } else if (kind.type === 'list') {
      const records = (data.config.lists[kind.resource] ?? []).filter(predicate);
      out = serveList(res, url, route, records, `${graphBase}/${version}/$metadata#${kind.resource}`, fault);
    } else if (kind.type === 'accessAssignments') {
      const id = decodeURIComponent(url.pathname.split('/')[4] ?? '');
      const records = data.config.accessAssignments?.[id] ?? [];
      out = serveList(res, url, route, records, `${graphBase}/${version}/$metadata#accessAssignments`, fault);
    } else if (kind.type === 'appRoleAssignedTo' || kind.type === 'federation') {
      const id = decodeURIComponent(url.pathname.split('/')[3] ?? '');
      const map = kind.type === 'federation' ? data.config.federation : data.config.appRoleAssignedTo;
      out = serveList(res, url, route, map[id] ?? [], `${graphBase}/${version}/$metadata#${kind.type}`, fault);
    } else {
      const obj = data.config.singles[kind.resource];
      if (!obj) {
        sendJson(res, 404, graphError('Request_ResourceNotFound', 'Resource not found'));
        return { ...base, status: 404 };
      }
      out = sendPage(
        res,
        { '@odata.context': `${graphBase}/${version}/$metadata#${kind.resource}/$entity`, ...obj },
        1,
        fault,
      );
    }
    return { ...base, ...out, ...(fault ? { fault } : {}) };
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    handleGraph(req, res)
      .then((served) => {
        requests.push(served);
        state.onRequest?.(served);
      })
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, graphError('InternalServerError', String(err)));
      });
  };
  const graph = createHttp(handle);
  graph.keepAliveTimeout = 1000;

  const management: ManagementContext = {
    tenantId,
    tokens,
    data,
    faults,
    now,
    base: '',
    subscriptions: new Set(),
    feedFaults: options.ualFeed ?? {},
    listPageSize: options.ualListPageSize ?? 5,
  };
  const managementServer = createHttp((req, res) => {
    const base = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', management.base).pathname,
      url: req.url ?? '/',
      authorization: req.headers.authorization,
    };
    handleManagement(management, req, res)
      .then((served) => {
        const r: ServedRequest = { ...base, ...served };
        requests.push(r);
        state.onRequest?.(r);
      })
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'AF50000', message: String(err) } });
      });
  });
  managementServer.keepAliveTimeout = 1000;

  const authority = createHttps(
    { key: readFileSync(join(TLS_DIR, 'authority-key.pem')), cert: AUTHORITY_CA },
    (req, res) => {
      const url = new URL(req.url ?? '/', authorityBase);
      const segs = url.pathname.split('/').filter(Boolean);
      const tenant = segs[0] ?? '';
      if (req.method === 'GET' && url.pathname.endsWith('/v2.0/.well-known/openid-configuration')) {
        return sendJson(res, 200, tokens.openIdConfiguration(authorityBase, tenant));
      }
      if (req.method === 'POST' && url.pathname === `/${tenant}/oauth2/v2.0/token`) {
        readBody(req)
          .then((text) => {
            const r = tokens.token(tenant, new URLSearchParams(text), `${authorityBase}${url.pathname}`);
            sendJson(res, r.status, r.body);
          })
          .catch(() => sendJson(res, 400, { error: 'invalid_request' }));
        return;
      }
      sendJson(res, 404, { error: 'not_found' });
    },
  );
  let authorityBase = '';

  if (options.mountedAt !== undefined) graphBase = options.mountedAt;
  else {
    const graphPort = await listen(graph);
    const authorityPort = await listen(authority);
    const managementPort = await listen(managementServer);
    management.base = `http://127.0.0.1:${managementPort}`;
    tokens.managementAudiences.add(management.base);
    graphBase = `http://127.0.0.1:${graphPort}`;
    authorityBase = `https://127.0.0.1:${authorityPort}`;
  }

  const server: GraphTestServer = {
    graphUrl: graphBase,
    managementUrl: management.base,
    management,
    authorityHost: authorityBase,
    authorityCa: AUTHORITY_CA,
    tenantId,
    app: { clientId: SECRET_APP, clientSecret },
    certApp: { clientId: CERT_APP, certificatePath: CLIENT_CERT_PATH },
    containAppId: CONTAIN_APP,
    data,
    writes,
    faults,
    tokens,
    requests,
    get budgetViolations() {
      return state.budgetViolations;
    },
    get licence() {
      return state.licence;
    },
    set licence(v: Licence) {
      state.licence = v;
    },
    get onRequest() {
      return state.onRequest;
    },
    set onRequest(fn) {
      state.onRequest = fn;
    },
    handle,
    close: async () => {
      if (options.mountedAt !== undefined) return;
      graph.closeAllConnections();
      authority.closeAllConnections();
      managementServer.closeAllConnections();
      await Promise.all([
        new Promise<void>((r) => graph.close(() => r())),
        new Promise<void>((r) => authority.close(() => r())),
        new Promise<void>((r) => managementServer.close(() => r())),
      ]);
    },
  };
  return server;
}
