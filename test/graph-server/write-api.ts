/**
 * The write side of the test server, for containment: the requests `premortem contain --execute` sends, each with
 * the application permissions Graph accepts for it (a 403 names the one missing), answered the way Microsoft's v1.0
 * reference documents (204 No Content, 200 for revokeSignInSessions, 201 with the object for creations), against
 * the server's configuration lists, so a read-back sees the change. `failing` makes writes to matching paths answer
 * 500 (a failure half-way through a plan); throttling comes from the server's fault plan (429 with Retry-After).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector, FaultKind } from './faults.js';
import { FilterError, parseFilter } from './odata-filter.js';
import type { GraphObject, TenantStore } from './tenant-data.js';

export interface WriteContext {
  readonly data: TenantStore;
  readonly faults: FaultInjector;
  readonly now: () => number;
  /**
   * The Microsoft Entra roles each app (by client id) holds, server side: a request whose route needs one answers 403
   * without it although the token lists the permission (Update user's passwordProfile needs User Administrator).
   */
  readonly directoryRoles: Map<string, string[]>;
  /** Writes (not reads) to paths matching this answer 500 until it is cleared. */
  failing: RegExp | undefined;
  /** Every write received, in order: tests prove what was (and was not) sent. */
  readonly writes: { method: string; path: string; body: unknown; status: number }[];
}

type Answer = { status: number; body?: unknown };

const USER_READ = ['User.Read.All', 'Directory.Read.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
const APP_READ = ['Application.Read.All', 'Directory.Read.All', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'];
const ROLE_READ = ['RoleManagement.Read.Directory', 'Directory.Read.All', 'RoleManagement.ReadWrite.Directory'];
const POLICY_READ = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'];
const GRANT_READ = ['Directory.Read.All', 'DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'];
const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
const APP_WRITE = ['Application.ReadWrite.All', 'Directory.ReadWrite.All'];

const err = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: { code, message, innerError: { date: '', 'request-id': randomUUID() } } },
});
const notFound = (id: string) => err(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        resolve(null);
      }
    });
  });
}

/** $select applied to one object (Graph returns the listed properties and @odata.context). */
function selected(o: GraphObject, url: URL): GraphObject {
  const select = url.searchParams.get('$select');
  if (!select) return o;
  const out: GraphObject = {};
  for (const k of select.split(',')) out[k] = o[k] ?? null;
  return out;
}

interface Route {
  readonly pattern: RegExp;
  readonly method: string;
  /** Only these requests of the path (others are left to the log and snapshot routes). */
  readonly when?: (url: URL) => boolean;
  /** Permissions Graph accepts; the first is the one a 403 names. */
  readonly roles: (body: unknown) => readonly string[];
  /** Directory roles of which the app must hold one besides the permission (none: the permission is enough). */
  readonly directoryRoles?: (body: unknown) => readonly string[];
  readonly handle: (ctx: WriteContext, m: RegExpExecArray, url: URL, body: unknown) => Answer;
}

const list = (ctx: WriteContext, name: string): GraphObject[] => {
  const l = ctx.data.config.lists[name] ?? [];
  ctx.data.config.lists[name] = l;
  return l;
};
const byId = (ctx: WriteContext, name: string, id: string) =>
  list(ctx, name).find((o) => String(o.id).toLowerCase() === decodeURIComponent(id).toLowerCase());

const getOne = (name: string) => (ctx: WriteContext, m: RegExpExecArray, url: URL) => {
  const o = byId(ctx, name, m[1] as string);
  return o ? { status: 200, body: selected(o, url) } : notFound(m[1] as string);
};
const patchOne =
  (name: string, allowed: readonly string[]) => (ctx: WriteContext, m: RegExpExecArray, _u: URL, body: unknown) => {
    const o = byId(ctx, name, m[1] as string);
    if (!o) return notFound(m[1] as string);
    if (body === null || typeof body !== 'object') return err(400, 'BadRequest', 'Invalid request body');
    for (const [k, v] of Object.entries(body as GraphObject)) {
      if (k === '@odata.type') continue;
      if (!allowed.includes(k)) return err(400, 'BadRequest', `Property '${k}' is not updatable here`);
      o[k] = k === 'passwordProfile' ? { ...((o[k] as GraphObject | null) ?? {}), ...(v as GraphObject) } : v;
    }
    return { status: 204 };
  };
const deleteOne = (name: string) => (ctx: WriteContext, m: RegExpExecArray) => {
  const l = list(ctx, name);
  const i = l.findIndex((o) => String(o.id) === decodeURIComponent(m[1] as string));
  if (i < 0) return notFound(m[1] as string);
  l.splice(i, 1);
  return { status: 204 };
};
const removePassword = (name: string) => (ctx: WriteContext, m: RegExpExecArray, _u: URL, body: unknown) => {
  const o = byId(ctx, name, m[1] as string);
  if (!o) return notFound(m[1] as string);
  const keyId = String((body as { keyId?: unknown } | null)?.keyId ?? '').toLowerCase();
  const creds = (o.passwordCredentials as GraphObject[] | undefined) ?? [];
  const left = creds.filter((c) => String(c.keyId).toLowerCase() !== keyId);
  if (left.length === creds.length) return err(400, 'BadRequest', `No password credential found with keyId ${keyId}.`);
  o.passwordCredentials = left;
  return { status: 204 };
};
const create = (name: string, prefix: string) => (ctx: WriteContext, _m: RegExpExecArray, _u: URL, body: unknown) => {
  if (body === null || typeof body !== 'object') return err(400, 'BadRequest', 'Invalid request body');
  const o: GraphObject = { id: `${prefix}-${randomUUID()}`, ...(body as GraphObject) };
  list(ctx, name).push(o);
  return { status: 201, body: o };
};

/** A mailbox's inbox rules live in the list `messageRules/{user id}` (tests put rules there). */
export const messageRulesList = (userId: string) => `messageRules/${userId.toLowerCase()}`;
const MAIL_READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const mailbox = (ctx: WriteContext, m: RegExpExecArray): GraphObject[] | undefined =>
  byId(ctx, 'users', m[1] as string) ? list(ctx, messageRulesList(decodeURIComponent(m[1] as string))) : undefined;

const ID = '([^/?]+)';
const ROUTES: readonly Route[] = [
  {
    pattern: new RegExp(`^/v1\\.0/users/${ID}/mailFolders/inbox/messageRules$`),
    method: 'GET',
    roles: () => MAIL_READ,
    handle: (ctx, m) => {
      const rules = mailbox(ctx, m);
      return rules ? { status: 200, body: { value: rules } } : notFound(m[1] as string);
    },
  },
  {
    pattern: new RegExp(`^/v1\\.0/users/${ID}/mailFolders/inbox/messageRules/${ID}$`),
    method: 'DELETE',
    roles: () => ['MailboxSettings.ReadWrite'],
    handle: (ctx, m) => {
      const rules = mailbox(ctx, m);
      const i = rules?.findIndex((r) => String(r.id) === decodeURIComponent(m[2] as string)) ?? -1;
      if (!rules || i < 0) return err(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      rules.splice(i, 1);
      return { status: 204 };
    },
  },
  { pattern: new RegExp(`^/v1\\.0/users/${ID}$`), method: 'GET', roles: () => USER_READ, handle: getOne('users') },
  {
    pattern: new RegExp(`^/v1\\.0/users/${ID}$`),
    method: 'PATCH',
    roles: (b) =>
      b !== null && typeof b === 'object' && 'passwordProfile' in b
        ? ['User-PasswordProfile.ReadWrite.All', ...USER_WRITE]
        : ['User.EnableDisableAccount.All', ...USER_WRITE],
    directoryRoles: (b) =>
      b !== null && typeof b === 'object' && 'passwordProfile' in b
        ? ['User Administrator', 'Privileged Authentication Administrator', 'Global Administrator']
        : [],
    handle: patchOne('users', ['accountEnabled', 'passwordProfile']),
  },
  {
    pattern: new RegExp(`^/v1\\.0/users/${ID}/revokeSignInSessions$`),
    method: 'POST',
    roles: () => ['User.RevokeSessions.All'],
    handle: (ctx, m) => {
      const o = byId(ctx, 'users', m[1] as string);
      if (!o) return notFound(m[1] as string);
      o.signInSessionsValidFromDateTime = new Date(ctx.now()).toISOString();
      return { status: 200, body: { '@odata.context': '$metadata#Edm.Boolean', value: true } };
    },
  },
  ...(['servicePrincipals', 'applications'] as const).flatMap((name): Route[] => [
    { pattern: new RegExp(`^/v1\\.0/${name}/${ID}$`), method: 'GET', roles: () => APP_READ, handle: getOne(name) },
    {
      pattern: new RegExp(`^/v1\\.0/${name}/${ID}$`),
      method: 'PATCH',
      roles: () => APP_WRITE,
      handle: patchOne(name, ['accountEnabled']),
    },
    {
      pattern: new RegExp(`^/v1\\.0/${name}/${ID}/removePassword$`),
      method: 'POST',
      roles: () => APP_WRITE,
      handle: removePassword(name),
    },
  ]),
  {
    pattern: new RegExp(`^/v1\\.0/roleManagement/directory/roleAssignments/${ID}$`),
    method: 'GET',
    roles: () => ROLE_READ,
    handle: getOne('roleAssignments'),
  },
  {
    pattern: new RegExp(`^/v1\\.0/roleManagement/directory/roleAssignments/${ID}$`),
    method: 'DELETE',
    roles: () => ['RoleManagement.ReadWrite.Directory'],
    handle: deleteOne('roleAssignments'),
  },
  {
    pattern: /^\/v1\.0\/roleManagement\/directory\/roleAssignments$/,
    method: 'POST',
    roles: () => ['RoleManagement.ReadWrite.Directory'],
    handle: create('roleAssignments', 'restored'),
  },
  {
    // The read-back of adminRemove: the schedules of one principal and role ($filter on principalId and
    // roleDefinitionId, as Graph supports); the unfiltered list stays the snapshot route's.
    pattern: /^\/v1\.0\/roleManagement\/directory\/roleEligibilitySchedules$/,
    method: 'GET',
    when: (url) => url.searchParams.has('$filter'),
    roles: () => [
      'RoleEligibilitySchedule.Read.Directory',
      ...ROLE_READ,
      'RoleEligibilitySchedule.ReadWrite.Directory',
    ],
    handle: (ctx, _m, url) => {
      try {
        const keep = parseFilter(url.searchParams.get('$filter'), new Set(['principalId', 'roleDefinitionId']));
        return { status: 200, body: { value: list(ctx, 'roleEligibilitySchedules').filter(keep) } };
      } catch (e) {
        if (e instanceof FilterError) return err(400, 'BadRequest', e.message);
        throw e;
      }
    },
  },
  {
    pattern: /^\/v1\.0\/roleManagement\/directory\/roleEligibilityScheduleRequests$/,
    method: 'POST',
    roles: () => ['RoleEligibilitySchedule.ReadWrite.Directory', 'RoleManagement.ReadWrite.Directory'],
    handle: (ctx, _m, _u, body) => {
      const b = (body ?? {}) as GraphObject;
      if (b.action !== 'adminRemove') return err(400, 'BadRequest', 'only adminRemove is served');
      const l = list(ctx, 'roleEligibilitySchedules');
      const i = l.findIndex((o) => o.principalId === b.principalId && o.roleDefinitionId === b.roleDefinitionId);
      if (i < 0) return err(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.');
      l.splice(i, 1);
      return { status: 201, body: { id: randomUUID(), status: 'Revoked', ...b } };
    },
  },
  {
    pattern: new RegExp(`^/v1\\.0/oauth2PermissionGrants/${ID}$`),
    method: 'GET',
    roles: () => GRANT_READ,
    handle: getOne('oauth2PermissionGrants'),
  },
  {
    pattern: new RegExp(`^/v1\\.0/oauth2PermissionGrants/${ID}$`),
    method: 'DELETE',
    roles: () => ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'],
    handle: deleteOne('oauth2PermissionGrants'),
  },
  ...(
    [
      ['namedLocations', 'namedLocations', ['ipRanges', 'displayName', 'isTrusted']],
      ['policies', 'conditionalAccessPolicies', ['state', 'displayName', 'conditions', 'grantControls']],
    ] as const
  ).flatMap(([segment, name, fields]): Route[] => [
    {
      pattern: new RegExp(`^/v1\\.0/identity/conditionalAccess/${segment}/${ID}$`),
      method: 'GET',
      roles: () => POLICY_READ,
      handle: getOne(name),
    },
    {
      pattern: new RegExp(`^/v1\\.0/identity/conditionalAccess/${segment}/${ID}$`),
      method: 'PATCH',
      roles: () => ['Policy.ReadWrite.ConditionalAccess'],
      handle: patchOne(name, fields),
    },
    {
      pattern: new RegExp(`^/v1\\.0/identity/conditionalAccess/${segment}$`),
      method: 'POST',
      roles: () => ['Policy.ReadWrite.ConditionalAccess'],
      handle: create(name, segment === 'policies' ? 'pol' : 'loc'),
    },
  ]),
];

function send(res: ServerResponse, a: Answer, headers: Record<string, string> = {}): void {
  const text = a.body === undefined ? '' : JSON.stringify(a.body);
  res.writeHead(a.status, {
    'request-id': randomUUID(),
    ...(text ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } : {}),
    ...headers,
  });
  res.end(text);
}

const DENIED = 'Insufficient privileges to complete the operation.';

/**
 * Answers a containment request (a write, or the read of one object by id), or returns undefined to leave the
 * request to the log and snapshot routes. `caller`: the token's app and application permissions.
 */
export async function handleWrite(
  ctx: WriteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  caller: { readonly clientId: string; readonly roles: readonly string[] },
): Promise<{ status: number; fault?: FaultKind } | undefined> {
  const roles = caller.roles;
  const method = req.method ?? 'GET';
  const route = ROUTES.find(
    (r) => r.method === method && r.pattern.test(url.pathname) && (r.when === undefined || r.when(url)),
  );
  const match = route?.pattern.exec(url.pathname);
  if (!route || !match) return undefined;
  const body = method === 'GET' || method === 'DELETE' ? undefined : await readBody(req);
  const accepted = route.roles(body);
  const record = (status: number) => {
    if (method !== 'GET') ctx.writes.push({ method, path: url.pathname, body, status });
  };
  if (!accepted.some((r) => roles.includes(r))) {
    send(res, err(403, 'Authorization_RequestDenied', `${DENIED} Missing application permission: ${accepted[0]}`));
    record(403);
    return { status: 403 };
  }
  // Graph's own answer when a directory role is missing names nothing: the caller must know what the call needs.
  const needed = route.directoryRoles?.(body) ?? [];
  const held = ctx.directoryRoles.get(caller.clientId) ?? [];
  if (needed.length > 0 && !needed.some((r) => held.includes(r))) {
    send(res, err(403, 'Authorization_RequestDenied', DENIED));
    record(403);
    return { status: 403 };
  }
  const fault = ctx.faults.draw(url.pathname, req.url ?? '');
  if (fault === 'throttle' || fault === 'throttle-no-retry-after' || fault === 'unavailable-503') {
    const status = fault === 'unavailable-503' ? 503 : 429;
    const headers: Record<string, string> =
      fault === 'throttle' ? { 'Retry-After': String(ctx.faults.current.retryAfterSeconds ?? 1) } : {};
    send(res, err(status, status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Try again later'), headers);
    record(status);
    return { status, fault };
  }
  if (method !== 'GET' && ctx.failing?.test(url.pathname)) {
    send(res, err(500, 'InternalServerError', 'The service failed to process the request'));
    record(500);
    return { status: 500 };
  }
  const answer = route.handle(ctx, match, url, body);
  send(res, answer);
  record(answer.status);
  return { status: answer.status };
}
