/**
 * Takes a configuration snapshot from Graph (`premortem collect --config`): every resource of
 * sources/graph/config-resources.ts, each list merged across its pages into one {"value": [...]} body. A resource
 * the tenant is not licensed for, or the app may not read, is recorded as unavailable with the reason; the others
 * are still read. Stored in one transaction, and written as a folder when asked.
 */
import { randomBytes } from 'node:crypto';
import { writeSnapshotFolder } from '../snapshot/folder-write.js';
import { objectsOf } from '../snapshot/graph-object.js';
import { type SnapshotResource, storeSnapshot } from '../snapshot/store.js';
import {
  CONFIG_RESOURCES,
  type ConfigResource,
  PER_OBJECT_RESOURCES,
  type PerObjectResource,
} from '../sources/graph/config-resources.js';
import { GraphError } from '../sources/graph/errors.js';
import { type GraphClient, pathOf } from '../sources/graph/http.js';
import { listPages } from '../sources/graph/paging.js';
import type { Workspace } from '../store/workspace.js';

export interface SnapshotOptions {
  readonly tenantId: string | undefined;
  /** Also write the snapshot as a folder here. */
  readonly outDir?: string;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  readonly onResource?: (r: { name: string; status: string; objects: number; detail?: string }) => void;
}

export interface SnapshotSummary {
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string | undefined;
  readonly resources: readonly { name: string; status: string; objects: number; detail?: string }[];
  readonly files: readonly string[];
}

/** The merged body of a list: the first page's context and every page's items. */
async function readList(
  client: GraphClient,
  url: string,
  budget: ConfigResource['budget'],
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  let context: unknown;
  const value: Record<string, unknown>[] = [];
  for await (const page of listPages(client, url, { budget, ...(signal ? { signal } : {}) })) {
    if (context === undefined)
      context = (JSON.parse(page.body.toString('utf8')) as Record<string, unknown>)['@odata.context'];
    value.push(...page.items);
  }
  return { ...(context === undefined ? {} : { '@odata.context': context }), value };
}

/** A licence or permission the tenant or app lacks makes a resource unavailable; anything else, failed. */
function statusOf(err: GraphError): SnapshotResource['status'] {
  return err.failure === 'licence' || err.failure === 'permission' ? 'unavailable' : 'failed';
}

function why(err: unknown, permissions: readonly string[], licence: string | undefined): string {
  if (err instanceof GraphError && err.failure === 'licence')
    return `needs ${licence ?? 'a Premium licence'} (${err.message})`;
  if (err instanceof GraphError && err.failure === 'permission') {
    return `needs the application permission ${permissions.join(' or ')} (${err.message})`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function readResource(client: GraphClient, r: ConfigResource, signal?: AbortSignal): Promise<SnapshotResource> {
  const attempt = async (query: ConfigResource['query']) => {
    const url = client.url(r.path, query ?? {});
    if (r.single) {
      const res = await client.get(url, { budget: r.budget, ...(signal ? { signal } : {}), validate: objectProblem });
      return { body: res.json, url };
    }
    return { body: await readList(client, url, r.budget, signal), url };
  };
  try {
    const { body, url } = await attempt(r.query);
    return { name: r.name, status: 'ok', body, source: url };
  } catch (err) {
    if (err instanceof GraphError && err.failure === 'auth') throw err;
    if (err instanceof GraphError && err.failure === 'licence' && r.unlicensedQuery) {
      // Users without signInActivity: the rest of the object needs no licence.
      const { body, url } = await attempt(r.unlicensedQuery);
      return {
        name: r.name,
        status: 'ok',
        body,
        source: url,
        detail: `without signInActivity: ${why(err, r.permissions, r.licence)}`,
      };
    }
    if (!(err instanceof GraphError)) throw err;
    return { name: r.name, status: statusOf(err), detail: why(err, r.permissions, r.licence) };
  }
}

function objectProblem(json: unknown): string | undefined {
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? undefined : 'not a JSON object';
}

async function readPerObject(
  client: GraphClient,
  r: PerObjectResource,
  parents: readonly Record<string, unknown>[],
  signal?: AbortSignal,
): Promise<SnapshotResource> {
  const value: Record<string, unknown>[] = [];
  let first: string | undefined;
  try {
    for (const parent of parents.filter(r.applies)) {
      const url = client.url(r.path(parent));
      first ??= url;
      const body = await readList(client, url, 'directory', signal);
      for (const item of objectsOf(body)) {
        value.push(r.parentAnnotation ? { [r.parentAnnotation]: parent.id, ...item } : item);
      }
    }
  } catch (err) {
    if (!(err instanceof GraphError) || err.failure === 'auth') throw err;
    return { name: r.name, status: statusOf(err), detail: why(err, r.permissions, undefined) };
  }
  return { name: r.name, status: 'ok', body: { value }, source: first ? pathOf(first) : `per ${r.of}` };
}

/** Reads, stores and (optionally) writes the snapshot. */
export async function takeSnapshot(ws: Workspace, client: GraphClient, o: SnapshotOptions): Promise<SnapshotSummary> {
  const takenAt = new Date((o.now ?? Date.now)()).toISOString();
  const snapshotId = `graph-${takenAt.replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  const resources: SnapshotResource[] = [];
  const report = (r: SnapshotResource) =>
    o.onResource?.({
      name: r.name,
      status: r.status,
      objects: r.body === undefined ? 0 : objectsOf(r.body).length,
      ...(r.detail ? { detail: r.detail } : {}),
    });
  for (const spec of CONFIG_RESOURCES) {
    const r = await readResource(client, spec, o.signal);
    resources.push(r);
    report(r);
  }
  for (const spec of PER_OBJECT_RESOURCES) {
    const parent = resources.find((r) => r.name === spec.of);
    const r: SnapshotResource =
      parent?.body === undefined
        ? { name: spec.name, status: 'unavailable', detail: `${spec.of} could not be read` }
        : await readPerObject(client, spec, objectsOf(parent.body), o.signal);
    resources.push(r);
    report(r);
  }
  const toStore = { snapshotId, takenAt, tenantId: o.tenantId, origin: 'graph', resources };
  const counts = await storeSnapshot(ws, toStore);
  const files = o.outDir ? writeSnapshotFolder(o.outDir, toStore, counts) : [];
  return {
    snapshotId,
    takenAt,
    tenantId: o.tenantId,
    resources: resources.map((r) => ({
      name: r.name,
      status: r.status,
      objects: counts[r.name] ?? 0,
      ...(r.detail ? { detail: r.detail } : {}),
    })),
    files,
  };
}
