/**
 * What each kind of containment action sends to Microsoft Graph, how it is read back, and how it is undone. Request
 * shapes and permissions follow Microsoft's Graph v1.0 reference (user: revokeSignInSessions, Update user,
 * Delete unifiedRoleAssignment, unifiedRoleEligibilityScheduleRequest adminRemove, servicePrincipal:
 * removePassword, Update servicePrincipal, Delete oAuth2PermissionGrant, ipNamedLocation create/update,
 * conditionalAccessPolicy create/update). Every URL names objects by id: a display name is chosen by the attacker.
 */
import type { ActionKind, ActionParams, GraphRequest } from './model.js';

/** The answer of a read-back GET: its status and parsed body (null for 404 or an empty body). */
export interface ReadBack {
  readonly status: number;
  readonly json: Record<string, unknown> | null;
}

export interface ActionKindSpec {
  readonly permission: string;
  readonly alsoAccepted: readonly string[];
  /**
   * A Microsoft Entra role the app must hold besides the permission: without it Graph answers 403 although the token
   * lists the permission, so the check before sending cannot see it missing.
   */
  readonly directoryRole?: string;
  readonly request: (p: ActionParams) => GraphRequest;
  /** The GET that shows whether the action's effect is in place; undefined when Graph has nothing to read. */
  readonly readBack?: (p: ActionParams) => GraphRequest;
  /** true: in place; false: not yet; the read-back of revoke-sessions is compared with the time it was sent. */
  readonly inPlace?: (p: ActionParams, r: ReadBack, sentAt?: string) => boolean;
  /** The request that reverses it, from the params (which hold what was there before). */
  readonly undo?: (p: ActionParams) => GraphRequest;
  /**
   * The params completed from the read-back when the plan cannot know an id (an inbox rule's Graph id: the unified
   * audit log names rules, it does not carry their messageRule ids), before the request is sent.
   */
  readonly resolve?: (p: ActionParams, r: ReadBack) => ActionParams;
}

const s = (p: ActionParams, k: string): string => {
  const v = p[k];
  if (typeof v !== 'string') throw new Error(`containment action parameter ${k} is missing`);
  return encodeURIComponent(v);
};
const list = (p: ActionParams, k: string): string[] => {
  const v = p[k];
  return Array.isArray(v) ? [...(v as readonly string[])] : [];
};

/** One CIDR range as Graph's ipNamedLocation holds it. */
export function ipRange(cidr: string): Record<string, string> {
  return {
    '@odata.type': cidr.includes(':') ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange',
    cidrAddress: cidr,
  };
}

const rangesOf = (json: Record<string, unknown> | null): string[] =>
  Array.isArray(json?.ipRanges)
    ? (json.ipRanges as { cidrAddress?: unknown }[]).map((r) => String(r.cidrAddress ?? '').toLowerCase())
    : [];

const USER_WRITE_HIGHER = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
const APP_WRITE = ['Directory.ReadWrite.All'];
const CA_WRITE_HIGHER: string[] = [];

interface MessageRule {
  id?: unknown;
  displayName?: unknown;
  actions?: {
    forwardTo?: { emailAddress?: { address?: unknown } }[];
    redirectTo?: { emailAddress?: { address?: unknown } }[];
    forwardAsAttachmentTo?: { emailAddress?: { address?: unknown } }[];
    delete?: unknown;
    permanentDelete?: unknown;
  } | null;
}

const addressesOf = (recipients: { emailAddress?: { address?: unknown } }[] | undefined): string[] =>
  (recipients ?? []).map((r) => String(r.emailAddress?.address ?? '').toLowerCase());

/**
 * Whether a mailbox's messageRule is the one the unified audit log recorded: the same name (when the log gave one),
 * every recorded forwarding or redirect address among the rule's, and deleting when the log said DeleteMessage. A
 * record with nothing to compare matches no rule: nothing is deleted on a guess.
 */
export function isRecordedRule(p: ActionParams, rule: MessageRule): boolean {
  const name = typeof p.rule_name === 'string' ? p.rule_name.trim().toLowerCase() : '';
  const lists: [string, keyof NonNullable<MessageRule['actions']>][] = [
    ['forward_to', 'forwardTo'],
    ['redirect_to', 'redirectTo'],
    ['forward_as_attachment_to', 'forwardAsAttachmentTo'],
  ];
  const wantsDelete = p.delete === true;
  const recorded = lists.some(([k]) => list(p, k).length > 0);
  if (name === '' && !recorded && !wantsDelete) return false;
  if (
    name !== '' &&
    String(rule.displayName ?? '')
      .trim()
      .toLowerCase() !== name
  )
    return false;
  const actions = rule.actions ?? {};
  for (const [k, field] of lists) {
    const have = addressesOf(actions[field] as { emailAddress?: { address?: unknown } }[] | undefined);
    if (!list(p, k).every((a) => have.includes(a.toLowerCase()))) return false;
  }
  return !wantsDelete || actions.delete === true || actions.permanentDelete === true;
}

const rulesOf = (r: ReadBack): MessageRule[] => (Array.isArray(r.json?.value) ? (r.json.value as MessageRule[]) : []);

export const ACTION_KIND_SPECS: Readonly<Record<ActionKind, ActionKindSpec>> = {
  'remove-credential': {
    permission: 'Application.ReadWrite.All',
    alsoAccepted: APP_WRITE,
    request: (p) => ({
      method: 'POST',
      path: `/v1.0/${s(p, 'owner')}/${s(p, 'owner_id')}/removePassword`,
      body: { keyId: p.key_id },
    }),
    readBack: (p) => ({
      method: 'GET',
      path: `/v1.0/${s(p, 'owner')}/${s(p, 'owner_id')}?$select=id,passwordCredentials`,
    }),
    inPlace: (p, r) =>
      r.status === 404 ||
      (Array.isArray(r.json?.passwordCredentials) &&
        !(r.json.passwordCredentials as { keyId?: unknown }[]).some(
          (c) => String(c.keyId).toLowerCase() === String(p.key_id).toLowerCase(),
        )),
  },
  'disable-service-principal': {
    permission: 'Application.ReadWrite.All',
    alsoAccepted: APP_WRITE,
    request: (p) => ({
      method: 'PATCH',
      path: `/v1.0/servicePrincipals/${s(p, 'sp_id')}`,
      body: { accountEnabled: false },
    }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/servicePrincipals/${s(p, 'sp_id')}?$select=id,accountEnabled` }),
    inPlace: (_p, r) => r.json?.accountEnabled === false,
    undo: (p) => ({
      method: 'PATCH',
      path: `/v1.0/servicePrincipals/${s(p, 'sp_id')}`,
      body: { accountEnabled: true },
    }),
  },
  'remove-role-assignment': {
    permission: 'RoleManagement.ReadWrite.Directory',
    alsoAccepted: [],
    request: (p) => ({
      method: 'DELETE',
      path: `/v1.0/roleManagement/directory/roleAssignments/${s(p, 'assignment_id')}`,
    }),
    readBack: (p) => ({
      method: 'GET',
      path: `/v1.0/roleManagement/directory/roleAssignments/${s(p, 'assignment_id')}`,
    }),
    inPlace: (_p, r) => r.status === 404,
    // Graph gives the restored assignment a new id: the trail records it as the undo's answer.
    undo: (p) => ({
      method: 'POST',
      path: '/v1.0/roleManagement/directory/roleAssignments',
      body: {
        '@odata.type': '#microsoft.graph.unifiedRoleAssignment',
        principalId: p.principal_id,
        roleDefinitionId: p.role_id,
        directoryScopeId: p.scope,
      },
    }),
  },
  'remove-role-eligibility': {
    permission: 'RoleEligibilitySchedule.ReadWrite.Directory',
    alsoAccepted: ['RoleManagement.ReadWrite.Directory'],
    request: (p) => ({
      method: 'POST',
      path: '/v1.0/roleManagement/directory/roleEligibilityScheduleRequests',
      body: {
        action: 'adminRemove',
        principalId: p.principal_id,
        roleDefinitionId: p.role_id,
        directoryScopeId: p.scope,
        justification: String(p.justification ?? 'premortem containment'),
      },
    }),
    readBack: (p) => ({
      method: 'GET',
      path: `/v1.0/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${s(p, 'principal_id')}' and roleDefinitionId eq '${s(p, 'role_id')}'`,
    }),
    inPlace: (_p, r) => Array.isArray(r.json?.value) && (r.json.value as unknown[]).length === 0,
  },
  'disable-user': {
    permission: 'User.EnableDisableAccount.All',
    alsoAccepted: USER_WRITE_HIGHER,
    request: (p) => ({ method: 'PATCH', path: `/v1.0/users/${s(p, 'user_id')}`, body: { accountEnabled: false } }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/users/${s(p, 'user_id')}?$select=id,accountEnabled` }),
    inPlace: (_p, r) => r.json?.accountEnabled === false,
    undo: (p) => ({ method: 'PATCH', path: `/v1.0/users/${s(p, 'user_id')}`, body: { accountEnabled: true } }),
  },
  'revoke-sessions': {
    permission: 'User.RevokeSessions.All',
    // Application: no higher permission is documented for revokeSignInSessions (User.ReadWrite.All is delegated only).
    alsoAccepted: [],
    request: (p) => ({ method: 'POST', path: `/v1.0/users/${s(p, 'user_id')}/revokeSignInSessions` }),
    readBack: (p) => ({
      method: 'GET',
      path: `/v1.0/users/${s(p, 'user_id')}?$select=id,signInSessionsValidFromDateTime`,
    }),
    // Revoking moves signInSessionsValidFromDateTime to the moment of the call: it is in place when that time is not
    // before the request was sent (less a minute of clock skew between us and Graph).
    inPlace: (_p, r, sentAt) => {
      const v = r.json?.signInSessionsValidFromDateTime;
      if (typeof v !== 'string' || sentAt === undefined) return false;
      return Date.parse(v) >= Date.parse(sentAt) - 60_000;
    },
  },
  'force-password-change': {
    permission: 'User-PasswordProfile.ReadWrite.All',
    alsoAccepted: USER_WRITE_HIGHER,
    // Update user, passwordProfile: app-only access also needs a directory role over the account.
    directoryRole: "User Administrator (Privileged Authentication Administrator for an administrator's account)",
    request: (p) => ({
      method: 'PATCH',
      path: `/v1.0/users/${s(p, 'user_id')}`,
      body: { passwordProfile: { forceChangePasswordNextSignIn: true } },
    }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/users/${s(p, 'user_id')}?$select=id,passwordProfile` }),
    inPlace: (_p, r) =>
      (r.json?.passwordProfile as { forceChangePasswordNextSignIn?: unknown } | null | undefined)
        ?.forceChangePasswordNextSignIn === true,
  },
  'remove-oauth-grant': {
    permission: 'DelegatedPermissionGrant.ReadWrite.All',
    alsoAccepted: ['Directory.ReadWrite.All'],
    request: (p) => ({ method: 'DELETE', path: `/v1.0/oauth2PermissionGrants/${s(p, 'grant_id')}` }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/oauth2PermissionGrants/${s(p, 'grant_id')}` }),
    inPlace: (_p, r) => r.status === 404,
  },
  'remove-inbox-rule': {
    permission: 'MailboxSettings.ReadWrite',
    alsoAccepted: [],
    // The plan shows where the rule's id goes; execution lists the inbox rules and puts it there (resolve).
    request: (p) => ({
      method: 'DELETE',
      path: `/v1.0/users/${s(p, 'user_id')}/mailFolders/inbox/messageRules/${typeof p.rule_id === 'string' ? s(p, 'rule_id') : '{messageRule-id}'}`,
    }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/users/${s(p, 'user_id')}/mailFolders/inbox/messageRules` }),
    // 404: no such mailbox (or user) any more, so no rule either.
    inPlace: (p, r) => r.status === 404 || !rulesOf(r).some((rule) => isRecordedRule(p, rule)),
    resolve: (p, r) => {
      const rule = rulesOf(r).find((x) => isRecordedRule(p, x));
      return rule && typeof rule.id === 'string' ? { ...p, rule_id: rule.id } : p;
    },
  },
  'create-blocked-location': {
    permission: 'Policy.ReadWrite.ConditionalAccess',
    alsoAccepted: CA_WRITE_HIGHER,
    request: (p) => ({
      method: 'POST',
      path: '/v1.0/identity/conditionalAccess/namedLocations',
      body: {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: p.display_name,
        isTrusted: false,
        ipRanges: list(p, 'ranges').map(ipRange),
      },
    }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/identity/conditionalAccess/namedLocations/${s(p, 'created_id')}` }),
    inPlace: (p, r) => r.status === 200 && list(p, 'ranges').every((c) => rangesOf(r.json).includes(c.toLowerCase())),
  },
  'block-addresses': {
    permission: 'Policy.ReadWrite.ConditionalAccess',
    alsoAccepted: CA_WRITE_HIGHER,
    request: (p) => ({
      method: 'PATCH',
      path: `/v1.0/identity/conditionalAccess/namedLocations/${s(p, 'location_id')}`,
      body: {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        ipRanges: [...list(p, 'previous'), ...list(p, 'ranges')].map(ipRange),
      },
    }),
    readBack: (p) => ({
      method: 'GET',
      path: `/v1.0/identity/conditionalAccess/namedLocations/${s(p, 'location_id')}`,
    }),
    inPlace: (p, r) => list(p, 'ranges').every((c) => rangesOf(r.json).includes(c.toLowerCase())),
    undo: (p) => ({
      method: 'PATCH',
      path: `/v1.0/identity/conditionalAccess/namedLocations/${s(p, 'location_id')}`,
      body: { '@odata.type': '#microsoft.graph.ipNamedLocation', ipRanges: list(p, 'previous').map(ipRange) },
    }),
  },
  'create-block-policy': {
    permission: 'Policy.ReadWrite.ConditionalAccess',
    alsoAccepted: CA_WRITE_HIGHER,
    request: (p) => ({
      method: 'POST',
      path: '/v1.0/identity/conditionalAccess/policies',
      body: {
        displayName: p.display_name,
        state: 'enabled',
        conditions: {
          users: { includeUsers: ['All'], excludeUsers: list(p, 'exclude_users') },
          applications: { includeApplications: ['All'] },
          clientAppTypes: ['all'],
          // Filled in at execution with the id Graph gave the location created by `location_action`.
          locations: { includeLocations: [`{${String(p.location_action)}}`] },
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      },
    }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/identity/conditionalAccess/policies/${s(p, 'created_id')}` }),
    inPlace: (_p, r) => r.status === 200 && r.json?.state === 'enabled',
  },
  'enable-policy': {
    permission: 'Policy.ReadWrite.ConditionalAccess',
    alsoAccepted: CA_WRITE_HIGHER,
    request: (p) => ({
      method: 'PATCH',
      path: `/v1.0/identity/conditionalAccess/policies/${s(p, 'policy_id')}`,
      body: { state: 'enabled' },
    }),
    readBack: (p) => ({ method: 'GET', path: `/v1.0/identity/conditionalAccess/policies/${s(p, 'policy_id')}` }),
    inPlace: (_p, r) => r.json?.state === 'enabled',
    undo: (p) => ({
      method: 'PATCH',
      path: `/v1.0/identity/conditionalAccess/policies/${s(p, 'policy_id')}`,
      body: { state: String(p.previous_state) },
    }),
  },
};

/** Whether a token's application permissions (roles) allow the kind of action. */
export function permitted(kind: ActionKind, roles: readonly string[]): boolean {
  const spec = ACTION_KIND_SPECS[kind];
  return [spec.permission, ...spec.alsoAccepted].some((r) => roles.includes(r));
}
