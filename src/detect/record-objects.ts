import { mergeObjects, type ObjectRef, type ObjectType, objectRef } from '../core/objects.js';
import type { Param, Workspace } from '../store/workspace.js';
import { evidenceObjects, evidenceRowObjects } from './microsoft-evidence.js';

type Row = Record<string, unknown>;

/**
 * The directory objects named by event records, grouped by a key of the caller's (an alert id, a timeline line):
 * `refsSql` yields (k, tbl, uid) rows. Each table says where its ids sit; a service principal whose record gave no
 * app id takes it from any other record or the configuration snapshot that pairs the two (an audit names a
 * service principal by object id only; its sign-ins and the snapshot carry the app id).
 */
export async function objectsOfRecords(
  ws: Workspace,
  refsSql: string,
  params: readonly Param[] = [],
  readFrom: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, ObjectRef[]>> {
  const byKey = new Map<string, (ObjectRef | undefined)[]>();
  const add = (k: string, ...o: (ObjectRef | undefined)[]) => {
    const list = byKey.get(k) ?? [];
    list.push(...o);
    byKey.set(k, list);
  };
  const tables = new Set(
    (await ws.all<{ tbl: string }>(`SELECT DISTINCT tbl FROM (${refsSql})`, params)).map((r) => r.tbl),
  );
  for (const [table, spec] of Object.entries(TABLE_OBJECTS)) {
    if (!tables.has(table)) continue;
    const rows = await ws.all(
      `SELECT DISTINCT r.k, ${spec.columns.map((c) => `t.${c}`).join(', ')}
       FROM (${refsSql}) r JOIN ${readFrom.get(table) ?? table} t ON r.tbl = '${table}' AND t.uid = r.uid`,
      params,
    );
    for (const row of rows) add(String(row.k), ...spec.objects(row));
  }
  const out = new Map<string, ObjectRef[]>();
  for (const [k, list] of byKey) out.set(k, mergeObjects(list));
  await addAppIds(ws, [...out.values()].flat());
  return out;
}

/** The user a risk record names: by id where it has one, else by UPN. */
const riskUser = (r: Row): ObjectRef | undefined =>
  objectRef('user', r.user_id ?? r.user_principal_name, r.user_display_name ?? r.user_principal_name, {
    upn: r.user_principal_name,
  });

const TABLE_OBJECTS: Record<string, { columns: readonly string[]; objects: (r: Row) => (ObjectRef | undefined)[] }> = {
  signins: {
    columns: [
      'event_type',
      'user_id',
      'user_principal_name',
      'user_display_name',
      'service_principal_id',
      'service_principal_name',
      'app_id',
      'app_display_name',
      'ip_address',
    ],
    objects: (r) => {
      const sp = r.service_principal_id !== null && r.service_principal_id !== undefined;
      return [
        sp
          ? objectRef('service_principal', r.service_principal_id, r.service_principal_name, { app_id: r.app_id })
          : objectRef('application', r.app_id, r.app_display_name, { app_id: r.app_id }),
        objectRef('user', r.user_id ?? r.user_principal_name, r.user_display_name ?? r.user_principal_name, {
          upn: r.user_principal_name,
        }),
        objectRef('ip', r.ip_address, r.ip_address),
      ];
    },
  },
  audits: {
    columns: [
      'initiator_type',
      'initiator_user_id',
      'initiator_upn',
      'initiator_display_name',
      'initiator_app_id',
      'initiator_sp_id',
      'initiator_ip',
      'role_name',
      'role_template_id',
      'target_resources',
    ],
    objects: (r) => [
      r.initiator_type === 'app'
        ? objectRef('service_principal', r.initiator_sp_id ?? r.initiator_app_id, r.initiator_display_name, {
            app_id: r.initiator_app_id,
          })
        : objectRef('user', r.initiator_user_id ?? r.initiator_upn, r.initiator_display_name ?? r.initiator_upn, {
            upn: r.initiator_upn,
          }),
      objectRef('ip', r.initiator_ip, r.initiator_ip),
      objectRef('role', r.role_template_id, r.role_name),
      ...targetObjects(r.target_resources, r.role_template_id !== null && r.role_template_id !== undefined),
    ],
  },
  activities: {
    columns: ['user_id', 'user_key', 'client_ip', 'app_id', 'mailbox_owner_upn'],
    objects: (r) => [
      objectRef('user', r.user_id, r.user_id, {
        upn: typeof r.user_id === 'string' && r.user_id.includes('@') ? r.user_id : undefined,
      }),
      objectRef('user', r.mailbox_owner_upn, r.mailbox_owner_upn, { upn: r.mailbox_owner_upn }),
      objectRef('application', r.app_id, null, { app_id: r.app_id }),
      objectRef('ip', r.client_ip, r.client_ip),
    ],
  },
  graph_activity: {
    columns: ['user_id', 'service_principal_id', 'app_id', 'ip_address'],
    objects: (r) => [
      objectRef('user', r.user_id, null),
      r.service_principal_id
        ? objectRef('service_principal', r.service_principal_id, null, { app_id: r.app_id })
        : objectRef('application', r.app_id, null, { app_id: r.app_id }),
      objectRef('ip', r.ip_address, r.ip_address),
    ],
  },
  azure_activity: {
    columns: ['caller', 'caller_object_id', 'caller_app_id', 'caller_ip'],
    objects: (r) => [
      // caller is the UPN of a user, the object id of a service principal or managed identity.
      objectRef('user', r.caller_object_id ?? r.caller, r.caller, {
        upn: typeof r.caller === 'string' && r.caller.includes('@') ? r.caller : undefined,
      }),
      objectRef('application', r.caller_app_id, null, { app_id: r.caller_app_id }),
      objectRef('ip', r.caller_ip, r.caller_ip),
    ],
  },
  risk_events: {
    columns: [
      'user_id',
      'user_principal_name',
      'user_display_name',
      'service_principal_id',
      'service_principal_name',
      'app_id',
      'ip_address',
    ],
    objects: (r) => [
      riskUser(r),
      objectRef('service_principal', r.service_principal_id, r.service_principal_name, { app_id: r.app_id }),
      objectRef('ip', r.ip_address, r.ip_address),
    ],
  },
  provisioning: {
    columns: ['service_principal_id', 'service_principal_name', 'source_identity_id', 'source_identity_name'],
    objects: (r) => [
      objectRef('service_principal', r.service_principal_id, r.service_principal_name),
      objectRef('user', r.source_identity_id, r.source_identity_name),
    ],
  },
  network_access: {
    columns: ['user_id', 'user_principal_name', 'source_ip'],
    objects: (r) => [
      objectRef('user', r.user_id ?? r.user_principal_name, r.user_principal_name, { upn: r.user_principal_name }),
      objectRef('ip', r.source_ip, r.source_ip),
    ],
  },
  ms_alerts: { columns: ['evidence'], objects: (r) => evidenceObjects(r.evidence) },
  ms_alert_evidence: {
    columns: [
      'entity_type',
      'account_object_id',
      'account_upn',
      'account_name',
      'remote_ip',
      'oauth_application_id',
      'application',
    ],
    objects: evidenceRowObjects,
  },
  risk_detections: {
    columns: ['user_id', 'user_principal_name', 'user_display_name', 'ip_address'],
    objects: (r) => [riskUser(r), objectRef('ip', r.ip_address, r.ip_address)],
  },
};

/** Entra audit target types → object types (others, such as Device or Other, are not named). */
const TARGET_TYPES: Record<string, ObjectType> = {
  user: 'user',
  serviceprincipal: 'service_principal',
  application: 'application',
  group: 'group',
  policy: 'policy',
  role: 'role',
  directory: 'domain',
};

interface Target {
  id?: unknown;
  displayName?: unknown;
  type?: unknown;
  userPrincipalName?: unknown;
  modifiedProperties?: { displayName?: unknown; oldValue?: unknown; newValue?: unknown }[];
}

/**
 * The objects an audit's targetResources name, with the credentials its KeyDescription properties add or remove
 * (`[KeyIdentifier=<keyId>,KeyType=Password,KeyUsage=Verify,DisplayName=<name>]`). A Role target is left out when
 * the role is already named by its template id (the id a role assignment is made and removed with).
 */
export function targetObjects(targetResources: unknown, roleNamed: boolean): (ObjectRef | undefined)[] {
  if (typeof targetResources !== 'string') return [];
  let targets: unknown;
  try {
    targets = JSON.parse(targetResources);
  } catch {
    return [];
  }
  if (!Array.isArray(targets)) return [];
  const out: (ObjectRef | undefined)[] = [];
  for (const t of targets as Target[]) {
    const type = TARGET_TYPES[String(t?.type ?? '').toLowerCase()];
    if (type && !(type === 'role' && roleNamed)) {
      out.push(objectRef(type, t.id, t.displayName ?? t.userPrincipalName, { upn: t.userPrincipalName }));
    }
    for (const p of t?.modifiedProperties ?? []) {
      if (String(p?.displayName ?? '').toLowerCase() !== 'keydescription') continue;
      for (const v of [p.newValue, p.oldValue]) {
        for (const m of String(v ?? '').matchAll(
          /KeyIdentifier=([0-9A-Fa-f-]{8,})[^\]]*?(?:DisplayName=([^\]"]*))?\]/g,
        )) {
          out.push(objectRef('credential', m[1], m[2], { key_id: m[1] }));
        }
      }
    }
  }
  return out;
}

/** Fills app_id of service principals from any record or snapshot that pairs the object id with an app id. */
async function addAppIds(ws: Workspace, objects: readonly ObjectRef[]): Promise<void> {
  const missing = objects.filter((o) => o.type === 'service_principal' && o.app_id === undefined);
  if (missing.length === 0) return;
  const ids = [...new Set(missing.map((o) => o.id.toLowerCase()))].join('\u001f');
  const rows = await ws.all<{ id: string; app_id: string }>(
    `WITH ids AS (SELECT unnest(string_split($1, chr(31))) AS id)
     SELECT id, min(app_id) AS app_id FROM (
       SELECT lower(service_principal_id) AS id, app_id FROM signins
         WHERE lower(service_principal_id) IN (SELECT id FROM ids) AND app_id IS NOT NULL
       UNION ALL SELECT lower(initiator_sp_id), initiator_app_id FROM audits
         WHERE lower(initiator_sp_id) IN (SELECT id FROM ids) AND initiator_app_id IS NOT NULL
       UNION ALL SELECT lower(object_id), json_extract_string(raw, '$.appId') FROM snapshots
         WHERE resource = 'servicePrincipals' AND lower(object_id) IN (SELECT id FROM ids)
     ) WHERE app_id IS NOT NULL GROUP BY id`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r.app_id]));
  for (const o of missing) {
    const appId = byId.get(o.id.toLowerCase());
    if (appId !== undefined) o.app_id = appId;
  }
}

/** One group's records: a table and uid, or a stored alert whose evidence stands for the group. */
export type ObjectSource = { key: string; table: string; uid: string } | { key: string; alertId: string };

/**
 * objectsOfRecords over a list held in JavaScript (timeline lines, footprints): the list travels as one bound
 * text parameter, never spliced into SQL. `readFrom` names, per table, a smaller table already holding every
 * record the sources name (the timeline's evidence read once: investigate/timeline-evidence.ts).
 */
export async function objectsOfSources(
  ws: Workspace,
  sources: readonly ObjectSource[],
  readFrom: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, ObjectRef[]>> {
  if (sources.length === 0) return new Map();
  const records = sources.flatMap((s) => ('uid' in s ? [[s.key, s.table, s.uid].join('\u001e')] : []));
  const alerts = sources.flatMap((s) => ('alertId' in s ? [[s.key, s.alertId].join('\u001e')] : []));
  const parts = (param: string) =>
    `(SELECT string_split(x, chr(30)) AS p FROM (SELECT unnest(string_split(${param}, chr(31))) AS x) WHERE x <> '')`;
  return objectsOfRecords(
    ws,
    `SELECT p[1] AS k, p[2] AS tbl, p[3] AS uid FROM ${parts('$1')}
     UNION ALL SELECT a.p[1], e.table_name, e.uid FROM ${parts('$2')} a JOIN alert_evidence e ON e.alert_id = a.p[2]`,
    [records.join('\u001f'), alerts.join('\u001f')],
    readFrom,
  );
}
