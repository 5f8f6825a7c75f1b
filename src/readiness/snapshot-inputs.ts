/**
 * The configuration readiness reads from the newest snapshot: licences, credentials, privilege and federation.
 * A resource the snapshot did not read (licence, permission) comes back undefined, never as an empty list.
 */

import { type GraphObject, nonEmptyStr } from '../snapshot/graph-object.js';
import { latestSnapshot, resourceRead, type SnapshotRef, snapshotObjects } from '../snapshot/stored-objects.js';
import type { Workspace } from '../store/workspace.js';

/** The resources readiness uses, by name (collect/snapshot folder file names). */
export interface SnapshotInputs {
  readonly ref: SnapshotRef | undefined;
  readonly tenantId: string | undefined;
  readonly subscribedSkus: GraphObject[] | undefined;
  readonly applications: GraphObject[] | undefined;
  readonly servicePrincipals: GraphObject[] | undefined;
  /** Graph beta reports/appCredentialSignInActivities (Entra ID P1): when each credential last signed in. */
  readonly appCredentialSignInActivities: GraphObject[] | undefined;
  readonly roleDefinitions: GraphObject[];
  readonly roleAssignments: GraphObject[];
  readonly appRoleAssignments: GraphObject[];
  readonly federationConfigurations: GraphObject[];
  readonly domains: GraphObject[] | undefined;
}

/** Reads the newest snapshot's resources that readiness needs. */
export async function readSnapshotInputs(ws: Workspace): Promise<SnapshotInputs> {
  const ref = await latestSnapshot(ws);
  const read = async (name: string) =>
    ref !== undefined && (await resourceRead(ws, ref.snapshotId, name))
      ? snapshotObjects(ws, ref.snapshotId, name)
      : undefined;
  const organization = (await read('organization')) ?? [];
  const orgId = organization[0] === undefined ? undefined : nonEmptyStr(organization[0], 'id');
  return {
    ref,
    tenantId: ref?.tenantId ?? orgId,
    subscribedSkus: await read('subscribedSkus'),
    applications: await read('applications'),
    servicePrincipals: await read('servicePrincipals'),
    appCredentialSignInActivities: await read('appCredentialSignInActivities'),
    roleDefinitions: (await read('roleDefinitions')) ?? [],
    roleAssignments: (await read('roleAssignments')) ?? [],
    appRoleAssignments: (await read('appRoleAssignments')) ?? [],
    federationConfigurations: (await read('federationConfigurations')) ?? [],
    domains: await read('domains'),
  };
}
