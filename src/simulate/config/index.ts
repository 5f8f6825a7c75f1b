/**
 * The demo tenant's configuration snapshot: the same sixteen resources `premortem collect --config` reads, as
 * Graph response bodies, at a point of the month. `end` is the tenant after everything the scenarios did (what
 * `premortem simulate --out DIR` writes to DIR/config); `before-rollback` is 2025-09-08 midday, MFA just enforced
 * for everyone and no backdoor yet: the earlier snapshot of the drift demo.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../random.js';
import { truthOf } from '../scenarios/index.js';
import type { Simulation } from '../simulate.js';
import {
  applicationsBody,
  type Backdoor,
  roleBodies,
  roleDefinitionsBody,
  servicePrincipalBodies,
  tenantBodies,
  usersBody,
} from './directory.js';
import { conditionalAccessBody, namedLocationsBody, policyBodies, registrationBody } from './policies.js';

/** Which moment of the month a snapshot shows. */
export type ConfigMoment = 'end' | 'before-rollback';

/** A snapshot: when it was taken and each resource's body by file name (without .json). */
export interface ConfigSnapshotBodies {
  readonly snapshotId: string;
  readonly takenAt: string;
  readonly tenantId: string;
  readonly resources: Readonly<Record<string, unknown>>;
}

const TAKEN_AT: Readonly<Record<ConfigMoment, string>> = {
  end: '2025-10-02T23:30:00Z',
  'before-rollback': '2025-09-08T04:00:00Z',
};

function backdoorOf(sim: Simulation): Backdoor | undefined {
  const truth = truthOf(sim.groundTruth.scenarios, 'spray-backdoor');
  if (!truth) return undefined;
  const assigned = sim.directoryAudits.find((a) => a.id === truth.auditIds.roleAssignment);
  const added = sim.directoryAudits.find((a) => a.id === truth.auditIds.credentialAdded);
  const description = added?.targetResources[0]?.modifiedProperties.find((p) => p.displayName === 'KeyDescription');
  const keyId = /KeyIdentifier=([0-9a-f-]{36})/.exec(description?.newValue ?? '')?.[1];
  if (!assigned || !added || !keyId) return undefined;
  return { truth, assignedAt: assigned.activityDateTime, secret: { keyId, addedAt: added.activityDateTime } };
}

/** Builds the snapshot of a simulation at a moment. Deterministic for the seed. */
export function configSnapshot(sim: Simulation, moment: ConfigMoment = 'end'): ConfigSnapshotBodies {
  const { tenant } = sim;
  // One stream for every moment: the same person is registered (or not) in both snapshots of the drift demo.
  const rng = new Rng(sim.groundTruth.seed).fork('config');
  const takenAt = TAKEN_AT[moment];
  const story = truthOf(sim.groundTruth.scenarios, 'mfa-exception');
  const backdoor = backdoorOf(sim);
  const present = backdoor && backdoor.assignedAt <= takenAt ? backdoor : undefined;
  const stage = story && moment === 'end' ? 'rolled-back' : 'enforced';
  const invoicing = new Set(
    (story?.phones ?? []).map((p) => tenant.users.find((u) => u.userPrincipalName === p.userPrincipalName)?.id ?? ''),
  );
  const resources: Record<string, unknown> = {
    users: usersBody(tenant),
    userRegistrationDetails: registrationBody(tenant, rng.fork('registration'), invoicing),
    conditionalAccessPolicies: conditionalAccessBody(tenant, stage),
    namedLocations: namedLocationsBody(tenant),
    ...policyBodies(),
    roleDefinitions: roleDefinitionsBody(tenant),
    ...roleBodies(tenant, present),
    ...servicePrincipalBodies(tenant, present),
    applications: applicationsBody(tenant),
    ...tenantBodies(tenant),
  };
  return { snapshotId: `simulated-${sim.groundTruth.seed}-${moment}`, takenAt, tenantId: tenant.id, resources };
}

/**
 * Writes the snapshot as a folder in the format of `premortem collect --config` (src/snapshot/folder-write.ts):
 * one `<resource>.json` per resource and the `premortem-snapshot.json` manifest, last. Returns the files written.
 */
export function writeConfigSnapshot(dir: string, snapshot: ConfigSnapshotBodies): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const manifest: Record<string, { status: string; objects: number }> = {};
  for (const [name, body] of Object.entries(snapshot.resources).sort(([a], [b]) => a.localeCompare(b))) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    files.push(file);
    const value = (body as { value?: unknown[] }).value;
    manifest[name] = { status: 'ok', objects: Array.isArray(value) ? value.length : 1 };
  }
  const file = join(dir, 'premortem-snapshot.json');
  const text = {
    format: 'premortem-snapshot/1',
    snapshotId: snapshot.snapshotId,
    takenAt: snapshot.takenAt,
    tenantId: snapshot.tenantId,
    resources: manifest,
  };
  writeFileSync(file, `${JSON.stringify(text, null, 2)}\n`);
  files.push(file);
  return files;
}
