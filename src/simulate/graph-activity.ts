/**
 * Microsoft Graph activity logs as Azure Monitor's diagnostic settings export them (category
 * MicrosoftGraphActivityLogs): one record per Graph request, the envelope (time, category, callerIpAddress,
 * resultSignature...) around the request's fields in camelCase under `properties`, the shape
 * normalize/graph-activity.ts reads (test/fixtures/shapes/diag-graph-activity-PT1H.json is the same shape). The
 * storage account writes them as PT1H.json blobs, one record per line, one blob per hour, under
 * insights-logs-microsoftgraphactivitylogs/; writeGraphActivity() writes that layout.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOUR } from './calendar.js';
import type { Rng } from './random.js';
import type { Tenant } from './tenant.js';

/** The request's own fields (`properties` of the diagnostic record). */
export interface GraphActivityProperties {
  timeGenerated: string;
  requestId: string;
  operationId: string;
  clientRequestId: string;
  apiVersion: 'v1.0' | 'beta';
  requestMethod: string;
  responseStatusCode: number;
  tenantId: string;
  durationMs: number;
  responseSizeBytes: number;
  /** The token's uti claim: the uniqueTokenIdentifier of the sign-in that issued it. */
  signInActivityId: string;
  roles: string | null;
  scopes: string | null;
  tokenIssuedAt: string;
  appId: string;
  userId: string | null;
  servicePrincipalId: string | null;
  identityProvider: string;
  /** 0: public client, 1: client secret, 2: certificate. */
  clientAuthMethod: 0 | 1 | 2;
  wids: string | null;
  ipAddress: string;
  userAgent: string;
  requestUri: string;
  /** The token's sid claim; null when the token carries none. */
  sessionId: string | null;
  deviceId: string | null;
}

/** One diagnostic record of category MicrosoftGraphActivityLogs. */
export interface GraphActivityRecord {
  time: string;
  resourceId: string;
  operationName: 'Microsoft Graph Activity';
  operationVersion: string;
  category: 'MicrosoftGraphActivityLogs';
  tenantId: string;
  resultSignature: string;
  durationMs: string;
  callerIpAddress: string;
  correlationId: string;
  level: 'Informational';
  /** The Azure region that served the request. */
  location: string;
  properties: GraphActivityProperties;
}

/** What a generator decides about one request; the rest (ids, sizes, durations) is drawn from the rng. */
export interface GraphRequestSpec {
  readonly at: number;
  readonly method?: string;
  /** The full URI, https://graph.microsoft.com/v1.0/... */
  readonly uri: string;
  readonly status?: number;
  readonly ip: string;
  readonly userAgent: string;
  readonly appId: string;
  /** The signed-in user's object id (delegated token). */
  readonly userId: string;
  readonly signInActivityId: string;
  readonly tokenIssuedAt: number;
  readonly scopes: string;
  readonly sessionId?: string | null;
  readonly deviceId?: string | null;
  readonly region: string;
}

/** ISO 8601 with seven fractional digits, as Azure Monitor writes times. */
const azureTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}0000Z`;

/** A delegated Graph request (a user's token) as the activity log records it. */
export function makeGraphRequest(tenant: Tenant, rng: Rng, spec: GraphRequestSpec): GraphActivityRecord {
  const requestId = rng.uuid();
  const status = spec.status ?? 200;
  const durationMs = rng.int(40, 900);
  const apiVersion = spec.uri.includes('/beta/') ? 'beta' : 'v1.0';
  const time = azureTime(spec.at);
  return {
    time,
    resourceId: `/tenants/${tenant.id}/providers/Microsoft.aadiam`,
    operationName: 'Microsoft Graph Activity',
    operationVersion: apiVersion,
    category: 'MicrosoftGraphActivityLogs',
    tenantId: tenant.id,
    resultSignature: String(status),
    durationMs: String(durationMs),
    callerIpAddress: spec.ip,
    correlationId: requestId,
    level: 'Informational',
    location: spec.region,
    properties: {
      timeGenerated: time,
      requestId,
      operationId: requestId,
      clientRequestId: rng.uuid(),
      apiVersion,
      requestMethod: spec.method ?? 'GET',
      responseStatusCode: status,
      tenantId: tenant.id,
      durationMs,
      responseSizeBytes: rng.int(400, 60_000),
      signInActivityId: spec.signInActivityId,
      roles: null,
      scopes: spec.scopes,
      tokenIssuedAt: `${new Date(spec.tokenIssuedAt).toISOString().slice(0, 19)}Z`,
      appId: spec.appId,
      userId: spec.userId,
      servicePrincipalId: null,
      identityProvider: `https://sts.windows.net/${tenant.id}/`,
      clientAuthMethod: 0,
      wids: null,
      ipAddress: spec.ip,
      userAgent: spec.userAgent,
      requestUri: spec.uri,
      sessionId: spec.sessionId ?? null,
      deviceId: spec.deviceId ?? null,
    },
  };
}

/** The storage account's container for the category. */
export const GRAPH_ACTIVITY_DIR = 'insights-logs-microsoftgraphactivitylogs';

/**
 * Writes OUT/insights-logs-microsoftgraphactivitylogs/resourceId=/tenants/T/providers/Microsoft.aadiam/y=/m=/d=/h=/
 * m=00/PT1H.json for the records (newest first in the simulation; each blob oldest first, one record per line, as
 * the storage account appends them). The container is removed first, so a smaller run leaves no stale blobs; with no
 * records it is not created, so a simulation without Graph activity writes what it wrote before the folder existed.
 */
export async function writeGraphActivity(
  outDir: string,
  tenantId: string,
  records: readonly GraphActivityRecord[],
  files: string[],
): Promise<{ records: number; blobs: number }> {
  const dir = join(outDir, GRAPH_ACTIVITY_DIR);
  if ((await stat(dir).catch(() => undefined))?.isDirectory()) await removeBlobs(dir);
  if (records.length === 0) return { records: 0, blobs: 0 };
  const byHour = new Map<number, GraphActivityRecord[]>();
  for (const r of [...records].reverse()) {
    const hour = Math.floor(Date.parse(r.time) / HOUR) * HOUR;
    const blob = byHour.get(hour);
    if (blob) blob.push(r);
    else byHour.set(hour, [r]);
  }
  for (const hour of [...byHour.keys()].sort((a, b) => a - b)) {
    const d = new Date(hour).toISOString();
    const rel = [
      GRAPH_ACTIVITY_DIR,
      'resourceId=',
      'tenants',
      tenantId,
      'providers',
      'Microsoft.aadiam',
      `y=${d.slice(0, 4)}`,
      `m=${d.slice(5, 7)}`,
      `d=${d.slice(8, 10)}`,
      `h=${d.slice(11, 13)}`,
      'm=00',
    ].join('/');
    await mkdir(join(outDir, rel), { recursive: true });
    const lines = (byHour.get(hour) ?? []).map((r) => JSON.stringify(r));
    await writeFile(join(outDir, rel, 'PT1H.json'), `${lines.join('\n')}\n`);
    files.push(`${rel}/PT1H.json`);
  }
  return { records: records.length, blobs: byHour.size };
}

/** Removes the PT1H.json blobs under the container and the folders they leave empty; other files stay. */
async function removeBlobs(dir: string): Promise<boolean> {
  let empty = true;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (await removeBlobs(path)) await rm(path, { recursive: true });
      else empty = false;
    } else if (entry.name === 'PT1H.json') await rm(path);
    else empty = false;
  }
  return empty;
}
