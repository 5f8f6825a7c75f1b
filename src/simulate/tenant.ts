/**
 * The demo tenant: people, admins, applications, roles and groups. It does not depend on which scenarios run, so the
 * ordinary activity of a seed is the same with or without an attack on top.
 */
import { DAY, isWeekend, localToUtc, SIMULATION_START } from './calendar.js';
import { APP_ADDED_IN_WINDOW, type AppRef, TENANT_APPS } from './catalog/apps.js';
import { makeLaptop, makePhone, type UserDevice } from './catalog/devices.js';
import { DEPARTMENTS, GIVEN_NAMES, SURNAMES } from './catalog/people.js';
import { docIpv6, OFFICES, type Office, TRAVEL_DESTINATIONS } from './catalog/places.js';
import { ROLES, type RoleDefinition, type RoleKey } from './catalog/roles.js';
import type { Rng } from './random.js';

/** A member of the tenant and the habits the activity generator follows for them. */
export interface TenantUser {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly department: string;
  readonly jobTitle: string;
  readonly office: Office;
  readonly officeIp: string;
  readonly homeIp: string;
  readonly laptop: UserDevice;
  readonly phone: UserDevice | null;
  /** Per-user MFA (the tenant has no Conditional Access): interactive sign-ins ask for a second factor. */
  readonly perUserMfa: boolean;
  readonly sessionsPerWorkday: number;
  /** Reads mail with the phone's built-in mail app over Exchange ActiveSync. */
  readonly easPhone: boolean;
  readonly trip: { readonly destination: number; readonly start: number; readonly days: number } | null;
  /** When a User Administrator created the account during the window; null when it existed before. */
  readonly createdAt: number | null;
  /** Position in the tenant, used for stable per-user address parts. */
  readonly index: number;
}

/** An administrator and the roles they may activate through PIM. */
export interface TenantAdmin {
  readonly user: TenantUser;
  readonly eligibleRoles: readonly RoleKey[];
}

/** A service principal: the tenant's instance of an application. */
export interface TenantServicePrincipal extends AppRef {
  readonly id: string;
  /** When it was added during the window; null when it existed before. */
  readonly createdAt: number | null;
}

/** A directory role activated in the tenant: the built-in definition plus this tenant's object id. */
export interface TenantRole extends RoleDefinition {
  readonly objectId: string;
}

/** The whole tenant model. */
export interface Tenant {
  readonly id: string;
  readonly displayName: string;
  readonly domain: string;
  readonly users: readonly TenantUser[];
  /** The compromised high-privilege user of seed 003: a CTO with a standing role outside PIM and no MFA. */
  readonly executive: TenantUser;
  readonly admins: readonly TenantAdmin[];
  readonly servicePrincipals: readonly TenantServicePrincipal[];
  readonly roles: Readonly<Record<RoleKey, TenantRole>>;
  readonly groups: readonly { readonly id: string; readonly displayName: string }[];
  /** The tenant's own app registrations (line-of-business apps its admins maintain). */
  readonly applications: readonly { readonly id: string; readonly appId: string; readonly displayName: string }[];
  /** Active role assignments made outside PIM before the window (the posture flaw the attack exploits). */
  readonly standingAssignments: readonly { readonly principalId: string; readonly role: RoleKey }[];
}

/** The demo tenant's verified domain; every UPN ends with it. */
export const TENANT_DOMAIN = 'contoso-demo.com';
const USER_COUNT = 500;
const NEW_HIRES = 6;
const TRAVELLERS = 8;

/** The executive is fixed across seeds so that demos, docs and tests can name him. */
const EXECUTIVE = {
  given: 'Jonathan',
  surname: 'Tan',
  title: 'Chief Technology Officer',
  department: 'Executive Office',
};

/** The ten IT administrators and the roles each may activate. */
const ADMIN_PLAN: readonly { title: string; roles: readonly RoleKey[] }[] = [
  { title: 'Head of IT Operations', roles: ['globalAdmin'] },
  { title: 'Identity Engineer', roles: ['privilegedRoleAdmin', 'userAdmin'] },
  { title: 'Systems Administrator', roles: ['userAdmin'] },
  { title: 'Systems Administrator', roles: ['userAdmin'] },
  { title: 'Service Desk Analyst', roles: ['helpdeskAdmin'] },
  { title: 'Service Desk Analyst', roles: ['helpdeskAdmin'] },
  { title: 'Service Desk Analyst', roles: ['helpdeskAdmin'] },
  { title: 'Security Engineer', roles: ['securityAdmin'] },
  { title: 'Messaging Engineer', roles: ['exchangeAdmin'] },
  { title: 'Application Integration Engineer', roles: ['applicationAdmin'] },
];

/** Builds the tenant for a seed (pass `rng.fork('tenant')`). */
export function buildTenant(rng: Rng): Tenant {
  const id = rng.uuid();
  const taken = new Map<string, number>();
  const users: TenantUser[] = [];
  const hires = pickHireTimes(rng);
  const travellers = new Set<number>();
  while (travellers.size < TRAVELLERS) travellers.add(rng.int(1 + ADMIN_PLAN.length, USER_COUNT - 1));
  const easUsers = new Set([0, rng.int(20, 200), rng.int(201, 400)]);

  for (let index = 0; index < USER_COUNT; index++) {
    const isExec = index === 0;
    const admin = index >= 1 && index <= ADMIN_PLAN.length ? ADMIN_PLAN[index - 1] : undefined;
    const given = isExec ? EXECUTIVE.given : rng.pick(GIVEN_NAMES);
    const surname = isExec ? EXECUTIVE.surname : rng.pick(SURNAMES);
    const dept = isExec || admin ? undefined : rng.weighted(DEPARTMENTS.map((d) => [d, d.weight] as const));
    const office = isExec || admin ? (OFFICES[0] as Office) : rng.weighted(OFFICES.map((o) => [o, o.weight] as const));
    const eas = easUsers.has(index);
    const hireSlot = index >= USER_COUNT - NEW_HIRES ? hires[USER_COUNT - 1 - index] : undefined;
    users.push({
      id: rng.uuid(),
      displayName: `${given} ${surname}`,
      userPrincipalName: `${uniqueLocalPart(taken, given, surname)}@${TENANT_DOMAIN}`,
      department: isExec ? EXECUTIVE.department : admin ? 'IT' : (dept?.name ?? 'Operations'),
      jobTitle: isExec ? EXECUTIVE.title : (admin?.title ?? rng.pick(dept?.titles ?? ['Analyst'])),
      office,
      officeIp: rng.pick(office.egressIps),
      homeIp: docIpv6(office.v6Group, index + 1, rng.int(1, 0xfffe)),
      laptop: makeLaptop(rng),
      phone: eas || rng.chance(0.9) ? makePhone(rng, eas) : null,
      // Basic-auth mail (EAS) only works for accounts without per-user MFA: the executive and the EAS users.
      perUserMfa: isExec || eas ? false : admin ? true : rng.chance(0.75),
      sessionsPerWorkday: rng.int(2, 6),
      easPhone: eas,
      trip: travellers.has(index)
        ? {
            destination: rng.int(0, TRAVEL_DESTINATIONS.length - 1),
            start: SIMULATION_START + rng.int(1, 24) * DAY,
            days: rng.int(3, 6),
          }
        : null,
      createdAt: hireSlot ?? null,
      index,
    });
  }

  const executive = users[0] as TenantUser;
  const admins = ADMIN_PLAN.map((plan, i) => ({ user: users[i + 1] as TenantUser, eligibleRoles: plan.roles }));
  const addedAt = localToUtc(SIMULATION_START + 15 * DAY, 14.2, 8);
  const servicePrincipals = TENANT_APPS.map((app) => ({
    ...app,
    id: rng.uuid(),
    createdAt: app.appId === APP_ADDED_IN_WINDOW.appId ? addedAt : null,
  }));
  const roles = Object.fromEntries(
    Object.entries(ROLES).map(([key, def]) => [key, { ...def, objectId: rng.uuid() }]),
  ) as Record<RoleKey, TenantRole>;
  const groupNames = ['All Staff', ...DEPARTMENTS.map((d) => `All ${d.name}`), 'VPN Users', 'Finance Approvers'];
  const groups = groupNames.map((displayName) => ({ id: rng.uuid(), displayName }));
  const applications = ['Contoso Expense Portal', 'Contoso HR Bot', 'Contoso Data Sync'].map((displayName) => ({
    id: rng.uuid(),
    appId: rng.uuid(),
    displayName,
  }));

  return {
    id,
    displayName: 'Contoso Demo Pte Ltd',
    domain: TENANT_DOMAIN,
    users,
    executive,
    admins,
    servicePrincipals,
    roles,
    groups,
    applications,
    standingAssignments: [{ principalId: executive.id, role: 'privilegedRoleAdmin' }],
  };
}

/** The service principal of an application in the tenant; throws when the catalog and the tenant disagree. */
export function servicePrincipalOf(tenant: Tenant, app: AppRef): TenantServicePrincipal {
  const sp = tenant.servicePrincipals.find((s) => s.appId === app.appId);
  if (sp === undefined) throw new RangeError(`no service principal for ${app.displayName} in the demo tenant`);
  return sp;
}

/** "j.tan", then "j.tan2", "j.tan3": initial-dot-surname, lower-case, as many tenants name mailboxes. */
function uniqueLocalPart(taken: Map<string, number>, given: string, surname: string): string {
  const base = `${given.charAt(0)}.${surname}`.toLowerCase().replace(/[^a-z.]/g, '');
  const n = (taken.get(base) ?? 0) + 1;
  taken.set(base, n);
  return n === 1 ? base : `${base}${n}`;
}

/** Workday mornings (Singapore time) spread over the window, when the new hires' accounts are created. */
function pickHireTimes(rng: Rng): number[] {
  const out: number[] = [];
  for (let i = 0; i < NEW_HIRES; i++) {
    let day = SIMULATION_START + rng.int(3, 26) * DAY;
    while (isWeekend(day, 8)) day += DAY;
    out.push(localToUtc(day, 9 + rng.next() * 2, 8));
  }
  return out;
}
