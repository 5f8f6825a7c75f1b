/**
 * The directory changes administrators make in an ordinary month, each tied to the role it needs, so that
 * admin-work.ts can wrap them in PIM activations: new hires (User Administrator), attribute and group changes
 * (User Administrator), password resets spread over the month (Helpdesk Administrator), application changes and
 * consents (Application Administrator), and activations with nothing in the directory log (reviews in Defender or
 * Exchange: Security, Exchange, Global and Privileged Role Administrators).
 */

import {
  changed,
  makeAudit,
  otherTarget,
  passwordReset,
  servicePrincipalTarget,
  userAgentDetail,
  userTarget,
} from '../audit-factory.js';
import { DAY, daysBetween, isWeekend, localToUtc, SECOND, SIMULATION_END, SIMULATION_START } from '../calendar.js';
import { APP_ADDED_IN_WINDOW, MS } from '../catalog/apps.js';
import type { RoleKey } from '../catalog/roles.js';
import type { GraphDirectoryAudit, GraphInitiator } from '../graph-types.js';
import type { Rng } from '../random.js';
import { servicePrincipalOf, type Tenant, type TenantAdmin, type TenantUser } from '../tenant.js';

/** Where and how the admin acts when the task runs: the task's time, their address, their browser. */
export interface TaskContext {
  readonly at: number;
  readonly initiatedBy: GraphInitiator;
  readonly userAgent: string;
}

/** One piece of admin work: when, by whom, under which role, and the records it writes. */
export interface AdminTask {
  readonly at: number;
  readonly admin: TenantAdmin;
  readonly role: RoleKey;
  /** Builds the records (none for review-only activations). */
  readonly audits: (rng: Rng, ctx: TaskContext) => GraphDirectoryAudit[];
}

/** Every ordinary admin task of the month (pass `rng.fork('admin-tasks')`). */
export function adminTasks(tenant: Tenant, rng: Rng): AdminTask[] {
  const holders = (role: RoleKey) => tenant.admins.filter((a) => a.eligibleRoles.includes(role));
  const staff = tenant.users.filter((u) => u.department !== 'IT' && u !== tenant.executive && u.createdAt === null);
  const tasks: AdminTask[] = [];
  const add = (at: number, role: RoleKey, audits: AdminTask['audits'], admin = rng.pick(holders(role))) =>
    tasks.push({ at, admin, role, audits });
  const workHour = (day: number) => localToUtc(day, 9 + rng.next() * 8.5, 8);

  for (const hire of tenant.users) {
    if (hire.createdAt !== null) add(hire.createdAt, 'userAdmin', (r, ctx) => newHireAudits(r, ctx, tenant, hire));
  }
  for (const day of daysBetween(SIMULATION_START, SIMULATION_END)) {
    if (isWeekend(day, 8)) continue;
    // One reset on about half the workdays, by one of three analysts: spread out, never a burst.
    if (rng.chance(0.55)) {
      const target = rng.pick(staff);
      add(workHour(day), 'helpdeskAdmin', (r, ctx) => passwordReset(r, { ...ctx, target }));
    }
    for (let i = rng.int(0, 3); i > 0; i--) {
      const [user, change] = [rng.pick(staff), rng.pick(UPDATES)];
      add(workHour(day), 'userAdmin', (r, ctx) => [updateUserAudit(r, ctx, user, change)]);
    }
    if (rng.chance(0.7)) {
      const [user, group] = [rng.pick(staff), rng.pick(tenant.groups)];
      add(workHour(day), 'userAdmin', (r, ctx) => [addToGroupAudit(r, ctx, user, group)]);
    }
    for (const role of ['securityAdmin', 'exchangeAdmin', 'globalAdmin', 'privilegedRoleAdmin'] as const) {
      if (rng.chance(0.3)) add(workHour(day), role, () => []);
    }
  }
  const appAdmin = rng.pick(holders('applicationAdmin'));
  const added = servicePrincipalOf(tenant, APP_ADDED_IN_WINDOW);
  add(
    added.createdAt ?? SIMULATION_START,
    'applicationAdmin',
    (r, ctx) => addServicePrincipalAudits(r, ctx, tenant),
    appAdmin,
  );
  for (const n of [4, 11, 18, 25]) {
    const app = rng.pick(tenant.applications);
    let day = SIMULATION_START + n * DAY;
    while (isWeekend(day, 8)) day += DAY;
    add(workHour(day), 'applicationAdmin', (r, ctx) => [updateApplicationAudit(r, ctx, app)], appAdmin);
  }
  return tasks;
}

function newHireAudits(rng: Rng, ctx: TaskContext, tenant: Tenant, hire: TenantUser): GraphDirectoryAudit[] {
  const group = tenant.groups.find((g) => g.displayName === `All ${hire.department}`) ?? tenant.groups[0];
  const out = [
    makeAudit(rng, {
      at: ctx.at,
      service: 'Core Directory',
      category: 'UserManagement',
      activity: 'Add user',
      operationType: 'Add',
      initiatedBy: ctx.initiatedBy,
      targets: [
        userTarget(hire, [
          changed('AccountEnabled', [], [true]),
          changed('DisplayName', [], [hire.displayName]),
          changed('UserPrincipalName', [], [hire.userPrincipalName]),
          changed('UserType', [], ['Member']),
          changed('Included Updated Properties', null, 'AccountEnabled, DisplayName, UserPrincipalName, UserType'),
        ]),
      ],
      additionalDetails: userAgentDetail(ctx.userAgent),
    }),
    updateUserAudit(rng, { ...ctx, at: ctx.at + rng.int(20, 40) * SECOND }, hire, ['Department', '', hire.department]),
  ];
  if (group) out.push(addToGroupAudit(rng, { ...ctx, at: ctx.at + rng.int(60, 90) * SECOND }, hire, group));
  return out;
}

const UPDATES: readonly (readonly [string, string, string])[] = [
  ['JobTitle', '', 'Senior Analyst'],
  ['MobilePhone', '', '+65 9123 4567'],
  ['UsageLocation', 'MY', 'SG'],
  ['OfficeLocation', 'Level 12', 'Level 14'],
];

/** "Update user": user attributes are logged as JSON arrays, plus the list of what changed. */
function updateUserAudit(
  rng: Rng,
  ctx: TaskContext,
  user: TenantUser,
  [prop, oldValue, newValue]: readonly [string, string, string],
): GraphDirectoryAudit {
  return makeAudit(rng, {
    at: ctx.at,
    service: 'Core Directory',
    category: 'UserManagement',
    activity: 'Update user',
    operationType: 'Update',
    initiatedBy: ctx.initiatedBy,
    targets: [
      userTarget(user, [
        changed(prop, oldValue === '' ? [] : [oldValue], [newValue]),
        changed('Included Updated Properties', null, prop),
      ]),
    ],
    additionalDetails: userAgentDetail(ctx.userAgent),
  });
}

/** "Add member to group": the member is the first target and carries the Group.* properties. */
function addToGroupAudit(
  rng: Rng,
  ctx: TaskContext,
  user: TenantUser,
  group: { readonly id: string; readonly displayName: string },
): GraphDirectoryAudit {
  return makeAudit(rng, {
    at: ctx.at,
    service: 'Core Directory',
    category: 'GroupManagement',
    activity: 'Add member to group',
    operationType: 'Assign',
    initiatedBy: ctx.initiatedBy,
    targets: [
      userTarget(user, [
        changed('Group.ObjectID', null, group.id),
        changed('Group.DisplayName', null, group.displayName),
        changed('Group.WellKnownObjectName', null, null),
      ]),
      otherTarget('Group', group.id, group.displayName),
    ],
    additionalDetails: userAgentDetail(ctx.userAgent),
  });
}

/** "Update application": a staging reply address added to one of the tenant's own app registrations. */
function updateApplicationAudit(rng: Rng, ctx: TaskContext, app: Tenant['applications'][number]): GraphDirectoryAudit {
  const host = app.displayName
    .toLowerCase()
    .replace(/^contoso /, '')
    .replace(/[^a-z]+/g, '-');
  const production = `https://${host}.contoso-demo.com/signin-oidc`;
  return makeAudit(rng, {
    at: ctx.at,
    service: 'Core Directory',
    category: 'ApplicationManagement',
    activity: 'Update application',
    operationType: 'Update',
    initiatedBy: ctx.initiatedBy,
    targets: [
      otherTarget('Application', app.id, app.displayName, [
        changed('AppAddress', [production], [production, `https://${host}-staging.contoso-demo.com/signin-oidc`]),
        changed('Included Updated Properties', null, 'AppAddress'),
      ]),
    ],
    additionalDetails: [...userAgentDetail(ctx.userAgent), { key: 'AppId', value: app.appId }],
  });
}

/** A new gallery app: its service principal, then an admin consent for the whole tenant. */
function addServicePrincipalAudits(rng: Rng, ctx: TaskContext, tenant: Tenant): GraphDirectoryAudit[] {
  const sp = servicePrincipalOf(tenant, APP_ADDED_IN_WINDOW);
  const graph = servicePrincipalOf(tenant, MS.graph);
  return [
    makeAudit(rng, {
      at: ctx.at,
      service: 'Core Directory',
      category: 'ApplicationManagement',
      activity: 'Add service principal',
      operationType: 'Add',
      initiatedBy: ctx.initiatedBy,
      targets: [
        servicePrincipalTarget(sp, [
          changed('AccountEnabled', [], [true]),
          changed('AppPrincipalId', [], [sp.appId]),
          changed('DisplayName', [], [sp.displayName]),
          changed('Included Updated Properties', null, 'AccountEnabled, AppPrincipalId, DisplayName'),
        ]),
      ],
      additionalDetails: [...userAgentDetail(ctx.userAgent), { key: 'AppId', value: sp.appId }],
    }),
    makeAudit(rng, {
      at: ctx.at + rng.int(30, 90) * SECOND,
      service: 'Core Directory',
      category: 'ApplicationManagement',
      activity: 'Consent to application',
      operationType: 'Assign',
      initiatedBy: ctx.initiatedBy,
      targets: [
        servicePrincipalTarget(sp, [
          changed('ConsentContext.IsAdminConsent', null, 'True'),
          changed('ConsentContext.IsAppOnly', null, 'False'),
          changed('ConsentContext.OnBehalfOfAll', null, 'True'),
          changed(
            'ConsentAction.Permissions',
            null,
            `[] => [[Id: ${rng.token(43)}, ClientId: ${sp.id}, PrincipalId: , ResourceId: ${graph.id}, ConsentType: AllPrincipals, Scope:  openid profile email offline_access User.Read]]; `,
          ),
        ]),
      ],
      additionalDetails: [...userAgentDetail(ctx.userAgent), { key: 'AppId', value: sp.appId }],
    }),
  ];
}
