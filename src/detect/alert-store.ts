import type { DuckDBValue } from '@duckdb/node-api';
import { sha256Hex } from '../core/hash.js';
import type { Severity } from '../core/severity.js';
import type { Workspace } from '../store/workspace.js';
import { type AlertEntities, mergeEntities } from './alert.js';
import { moveAnnouncements, queueAnnouncement } from './announcements.js';
import { type Candidate, MERGE_GAP_MS } from './episodes.js';

/** What storing a candidate did: a new alert, more evidence for a known one, or nothing. */
export type StoreOutcome = 'new' | 'updated' | 'unchanged';

/** Everything needed to store one alert candidate. */
export interface AlertDraft {
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly tags: readonly string[];
  readonly correlation: boolean;
  readonly candidate: Candidate;
  readonly entities: AlertEntities;
  readonly summary: string;
}

/** Deterministic: the same rule, group and first event always give the same alert id. */
export function alertId(ruleId: string, groupKey: string, firstUid: string): string {
  return sha256Hex(`${ruleId}\n${groupKey}\n${firstUid}`).slice(0, 32);
}

const EVIDENCE_BATCH = 400;

async function insertEvidence(ws: Workspace, id: string, c: Candidate): Promise<void> {
  for (let i = 0; i < c.rows.length; i += EVIDENCE_BATCH) {
    const batch = c.rows.slice(i, i + EVIDENCE_BATCH);
    const params: DuckDBValue[] = [];
    const values = batch.map((r) => {
      const n = params.length;
      params.push(id, r.uid, r.sourceId, r.table, r.time.toISOString());
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, CAST($${n + 5} AS TIMESTAMPTZ))`;
    });
    await ws.run(`INSERT OR IGNORE INTO alert_evidence VALUES ${values.join(', ')}`, params);
  }
}

interface Existing {
  id: string;
  first: Date;
  last: Date;
  count: number;
  entities: AlertEntities;
}

async function existingAlerts(ws: Workspace, d: AlertDraft, id: string): Promise<Existing[]> {
  const c = d.candidate;
  // A correlation alert absorbs the stored alerts of its group that it overlaps or nearly touches, so that a
  // campaign seen across several runs (or extended by a later import) stays one alert.
  const rows = d.correlation
    ? await ws.all(
        `SELECT id, first_seen, last_seen, event_count, entities FROM alerts
         WHERE rule_id = $1 AND group_key = $2
           AND first_seen <= CAST($3 AS TIMESTAMPTZ) AND last_seen >= CAST($4 AS TIMESTAMPTZ)
         ORDER BY first_seen, id`,
        [
          d.ruleId,
          c.groupKey,
          new Date(c.last.getTime() + MERGE_GAP_MS).toISOString(),
          new Date(c.first.getTime() - MERGE_GAP_MS).toISOString(),
        ],
      )
    : await ws.all('SELECT id, first_seen, last_seen, event_count, entities FROM alerts WHERE id = $1', [id]);
  return rows.map((r) => ({
    id: String(r.id),
    first: r.first_seen as Date,
    last: r.last_seen as Date,
    count: Number(r.event_count),
    entities: JSON.parse(String(r.entities)) as AlertEntities,
  }));
}

/**
 * Stores one alert candidate inside the caller's transaction. A candidate that matches no stored alert becomes a
 * new alert; one that matches stored alerts extends the earliest of them (absorbing the others), so the same
 * alert is never raised twice.
 */
export async function storeAlert(
  ws: Workspace,
  d: AlertDraft,
  now: Date,
): Promise<{ id: string; outcome: StoreOutcome }> {
  const c = d.candidate;
  const id = alertId(d.ruleId, c.groupKey, c.rows[0]?.uid ?? '');
  const existing = await existingAlerts(ws, d, id);
  const keep = existing[0];
  if (!keep) {
    await ws.run(
      `INSERT INTO alerts VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMPTZ), CAST($6 AS TIMESTAMPTZ), $7, $8, $9, $10, $11, CAST($12 AS TIMESTAMPTZ))`,
      [
        id,
        d.ruleId,
        d.title,
        d.severity,
        c.first.toISOString(),
        c.last.toISOString(),
        c.groupKey,
        JSON.stringify(d.entities),
        JSON.stringify(d.tags),
        d.summary,
        c.rows.length,
        now.toISOString(),
      ],
    );
    await insertEvidence(ws, id, c);
    await queueAnnouncement(ws, id, 'new', now);
    return { id, outcome: 'new' };
  }
  for (const other of existing.slice(1)) {
    await ws.run(
      `INSERT OR IGNORE INTO alert_evidence SELECT $1, uid, source_id, table_name, event_time FROM alert_evidence WHERE alert_id = $2`,
      [keep.id, other.id],
    );
    await ws.run('DELETE FROM alert_evidence WHERE alert_id = $1', [other.id]);
    await ws.run('DELETE FROM alerts WHERE id = $1', [other.id]);
    await moveAnnouncements(ws, other.id, keep.id, now);
  }
  await insertEvidence(ws, keep.id, c);
  const count = Number(await ws.scalar('SELECT count(*) FROM alert_evidence WHERE alert_id = $1', [keep.id]));
  const entities = existing.reduce((acc, e) => mergeEntities(acc, e.entities), d.entities);
  const first = new Date(Math.min(c.first.getTime(), ...existing.map((e) => e.first.getTime())));
  const last = new Date(Math.max(c.last.getTime(), ...existing.map((e) => e.last.getTime())));
  const changed =
    existing.length > 1 ||
    count !== keep.count ||
    first.getTime() !== keep.first.getTime() ||
    last.getTime() !== keep.last.getTime() ||
    JSON.stringify(entities) !== JSON.stringify(keep.entities);
  if (!changed) return { id: keep.id, outcome: 'unchanged' };
  await ws.run(
    `UPDATE alerts SET first_seen = CAST($2 AS TIMESTAMPTZ), last_seen = CAST($3 AS TIMESTAMPTZ), entities = $4,
       summary = $5, event_count = $6, title = $7, severity = $8, tags = $9 WHERE id = $1`,
    [
      keep.id,
      first.toISOString(),
      last.toISOString(),
      JSON.stringify(entities),
      d.summary,
      count,
      d.title,
      d.severity,
      JSON.stringify(d.tags),
    ],
  );
  await queueAnnouncement(ws, keep.id, 'updated', now);
  return { id: keep.id, outcome: 'updated' };
}
