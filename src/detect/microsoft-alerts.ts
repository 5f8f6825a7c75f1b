import { mergeObjects, type ObjectRef } from '../core/objects.js';
import { isSeverity, type Severity } from '../core/severity.js';
import type { Workspace } from '../store/workspace.js';
import { type AlertEntities, emptyEntities } from './alert.js';
import { type StoreOutcome, storeAlert } from './alert-store.js';
import type { Candidate } from './episodes.js';
import type { MatchRow } from './match-rows.js';
import { evidenceObjects, evidenceRowObjects } from './microsoft-evidence.js';

/** The rule id prefix of alerts Microsoft raised: `microsoft:<product>`, e.g. microsoft:microsoft-defender-for-cloud-apps. */
export const MICROSOFT_RULE_PREFIX = 'microsoft:';

/** Product names of Graph's serviceSource values (Microsoft Graph's alert resource page). */
const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  microsoftdefenderforendpoint: 'Microsoft Defender for Endpoint',
  microsoftdefenderforidentity: 'Microsoft Defender for Identity',
  microsoftdefenderforcloudapps: 'Microsoft Defender for Cloud Apps',
  microsoftdefenderforoffice365: 'Microsoft Defender for Office 365',
  microsoft365defender: 'Microsoft 365 Defender',
  azureadidentityprotection: 'Microsoft Entra ID Protection',
  microsoftappgovernance: 'Microsoft app governance',
  datalossprevention: 'Microsoft Purview Data Loss Prevention',
  microsoftdefenderforcloud: 'Microsoft Defender for Cloud',
};

type Row = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** camelCase or words to kebab-case: microsoftDefenderForCloudApps → microsoft-defender-for-cloud-apps. */
const kebab = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** ATT&CK tags from technique ids anywhere in the text (T1110, T1110.003) and the alert's tactic category. */
export function attackTags(techniques: readonly unknown[], categories: readonly unknown[]): string[] {
  const tags = new Set<string>();
  for (const c of categories) {
    for (const part of String(c ?? '').split(/[,[\]"]+/)) {
      const k = kebab(part.trim());
      if (k !== '' && k !== 'unknown' && !k.startsWith('t1')) tags.add(`attack.${k}`);
    }
  }
  for (const t of techniques) {
    for (const m of String(t ?? '').matchAll(/\bT\d{4}(?:\.\d{3})?\b/gi)) tags.add(`attack.${m[0].toLowerCase()}`);
  }
  return [...tags].sort();
}

/** Entities (the contract's name lists) from the objects an alert's evidence names. */
export function entitiesOf(objects: readonly ObjectRef[]): AlertEntities {
  const e = emptyEntities();
  const add = (list: string[], v: string | null | undefined) => {
    if (v && !list.includes(v)) list.push(v);
  };
  for (const o of objects) {
    if (o.type === 'user') add(e.users, o.upn ?? o.name ?? o.id);
    else if (o.type === 'ip') add(e.ips, o.id);
    else if (o.type === 'service_principal') add(e.service_principals, o.name ?? o.id);
    else if (o.type === 'application') add(e.apps, o.name ?? o.app_id ?? o.id);
  }
  for (const list of Object.values(e)) list.sort();
  return e;
}

interface Group {
  readonly alertId: string;
  readonly rows: Row[];
}

/**
 * Microsoft's alerts in the store (ms_alerts, ms_alert_evidence) become premortem alerts: one per Microsoft alert id,
 * with Microsoft's title and severity, rule id microsoft:<product>, ATT&CK tags from its techniques and category, the
 * objects its evidence names, and every stored version and evidence row as its evidence. Re-running changes nothing:
 * the alert id is derived from the Microsoft alert id and its first stored record, and a later version extends it.
 */
export async function storeMicrosoftAlerts(ws: Workspace, now: Date): Promise<Map<string, StoreOutcome>> {
  const rows = await ws.all<Row>(
    `SELECT 'ms_alerts' AS tbl, uid, source_id, alert_id, created_at AS event_at, updated_at, title, severity, status,
       product, product_name, category, techniques, evidence, NULL AS entity_type, NULL AS account_object_id,
       NULL AS account_upn, NULL AS account_name, NULL AS remote_ip, NULL AS oauth_application_id, NULL AS application
     FROM ms_alerts WHERE alert_id IS NOT NULL
     UNION ALL
     SELECT 'ms_alert_evidence', uid, source_id, alert_id, created_at, NULL, title, severity, NULL, product, product,
       NULL, techniques, NULL, entity_type, account_object_id, account_upn, account_name, remote_ip,
       oauth_application_id, application
     FROM ms_alert_evidence WHERE alert_id IS NOT NULL
     ORDER BY alert_id, event_at, tbl, uid`,
  );
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const id = String(r.alert_id);
    const g = groups.get(id) ?? { alertId: id, rows: [] };
    g.rows.push(r);
    groups.set(id, g);
  }
  const outcomes = new Map<string, StoreOutcome>();
  if (groups.size === 0) return outcomes;
  await ws.transaction(async () => {
    for (const g of groups.values()) {
      const { id, outcome } = await storeAlert(ws, draftOf(g), now);
      outcomes.set(id, outcome);
    }
  });
  return outcomes;
}

function draftOf(g: Group): Parameters<typeof storeAlert>[1] {
  const alerts = g.rows.filter((r) => r.tbl === 'ms_alerts');
  // The latest version speaks for the alert (its status, title and severity as Microsoft last wrote them).
  const latest =
    [...alerts].sort((a, b) => stamp(b.updated_at ?? b.event_at) - stamp(a.updated_at ?? a.event_at))[0] ??
    g.rows[0] ??
    {};
  const product = text(latest.product) ?? g.rows.map((r) => text(r.product)).find(Boolean) ?? 'unknown';
  const productName =
    text(latest.product_name) && text(latest.product_name) !== product
      ? (text(latest.product_name) as string)
      : (PRODUCT_NAMES[product.toLowerCase()] ?? product);
  const severity = String(latest.severity ?? '').toLowerCase();
  const objects = mergeObjects(
    g.rows.flatMap((r) => (r.tbl === 'ms_alerts' ? evidenceObjects(r.evidence) : evidenceRowObjects(r))),
  );
  const entities = entitiesOf(objects);
  const matchRows: MatchRow[] = g.rows.map((r) => ({
    table: r.tbl as 'ms_alerts' | 'ms_alert_evidence',
    uid: String(r.uid),
    sourceId: text(r.source_id) ?? null,
    time: r.event_at instanceof Date ? r.event_at : new Date(0),
    episode: 0,
    group: [g.alertId],
    detail: {},
  }));
  const times = matchRows.map((r) => r.time.getTime());
  const candidate: Candidate = {
    groupKey: JSON.stringify([g.alertId]),
    group: [g.alertId],
    rows: matchRows,
    first: new Date(Math.min(...times)),
    last: new Date(Math.max(...times)),
  };
  const named = [...entities.users, ...entities.service_principals, ...entities.ips, ...entities.apps];
  const status = text(latest.status);
  return {
    ruleId: `${MICROSOFT_RULE_PREFIX}${kebab(product)}`,
    title: text(latest.title) ?? `${productName} alert`,
    severity: isSeverity(severity) ? (severity as Severity) : 'medium',
    tags: attackTags(
      g.rows.map((r) => r.techniques),
      g.rows.map((r) => r.category),
    ),
    correlation: true,
    candidate,
    entities,
    summary:
      `Raised by ${productName} (Microsoft alert ${g.alertId}${status ? `, status ${status}` : ''})` +
      (named.length > 0 ? `; its evidence names ${named.slice(0, 6).join(', ')}${named.length > 6 ? ', …' : ''}` : ''),
  };
}

const stamp = (v: unknown): number => (v instanceof Date ? v.getTime() : 0);
