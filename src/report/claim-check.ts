/**
 * The claim checker: every claim a generated sentence makes about a record is checked again against the record in
 * the store, independently of the code that wrote the sentence. A report whose sentences fail here says something
 * the records do not.
 */
import { EVENT_TABLES, type EventTable } from '../core/event-model.js';
import type { TimelineEntry } from '../investigate/timeline-model.js';
import type { Workspace } from '../store/workspace.js';
import type { Claim, IncidentReport, Sentence } from './report-model.js';

/** One claim the records do not bear out. */
export interface ClaimFailure {
  readonly sentence: string;
  readonly claim: Claim;
  readonly reason: string;
}

async function checkOne(ws: Workspace, c: Claim): Promise<string | undefined> {
  if (c.kind === 'names' || c.kind === 'at') {
    const time = EVENT_TABLES[c.table].timeColumn;
    // The whole row as text: a record "names" an actor or target wherever its columns carry it.
    const row = await ws.one<{ text: string; minute: string }>(
      `SELECT lower(to_json(t)::VARCHAR) AS text, strftime(${time} AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') AS minute
       FROM ${c.table} t WHERE uid = $1 LIMIT 1`,
      [c.uid],
    );
    if (!row) return `record ${c.uid} is not in ${c.table}`;
    if (c.kind === 'names')
      return row.text.includes(c.value.toLowerCase()) ? undefined : `record ${c.uid} does not name ${c.value}`;
    return row.minute === c.minute ? undefined : `record ${c.uid} is at ${row.minute}, not ${c.minute}`;
  }
  const row = await ws.one<{ ip: string | null; error_code: number | null; earlier: bigint }>(
    `SELECT s.ip_address AS ip, s.error_code,
       (SELECT count(*) FROM signins e WHERE e.error_code = 0 AND list_contains($2::VARCHAR[], e.ip_address)
          AND e.created_at < s.created_at) AS earlier
     FROM signins s WHERE s.uid = $1 LIMIT 1`,
    [c.uid, `[${c.ips.map((ip) => JSON.stringify(ip)).join(',')}]`],
  );
  if (!row) return `sign-in ${c.uid} is not in the workspace`;
  if (row.ip === null || !c.ips.includes(row.ip)) return `sign-in ${c.uid} is from ${row.ip}, not an attacker address`;
  if (c.kind === 'from-address') return undefined;
  if (row.error_code !== 0) return `sign-in ${c.uid} did not succeed (error ${row.error_code})`;
  return Number(row.earlier) === 0
    ? undefined
    : `${Number(row.earlier)} successful sign-in(s) from the attacker addresses came before ${c.uid}`;
}

/** Checks every claim of every sentence; an empty list means the records bear out each one. */
export async function checkClaims(ws: Workspace, sentences: readonly Sentence[]): Promise<ClaimFailure[]> {
  const out: ClaimFailure[] = [];
  for (const s of sentences) {
    for (const claim of s.claims) {
      if (!s.uids.includes(claim.uid)) {
        out.push({ sentence: s.text, claim, reason: `claim on ${claim.uid}, a record the sentence does not cite` });
        continue;
      }
      const reason = await checkOne(ws, claim);
      if (reason !== undefined) out.push({ sentence: s.text, claim, reason });
    }
  }
  return out;
}

/** Every generated sentence of a report that states facts about records: the summary, impact and detection. */
export function reportSentences(r: Pick<IncidentReport, 'executive_summary' | 'impact' | 'detection'>): Sentence[] {
  return [...r.executive_summary, ...r.impact, ...r.detection];
}

/** "YYYY-MM-DD HH:MM" of an ISO time. */
const minute = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/**
 * Checks every line of a timeline against its records: a line that finds something cites at least one record, each
 * cited record is in the table the line names and happened within the line's start and end (to the minute), and
 * the line's count is at least the records it lists; a line of absence cites none.
 */
export async function checkTimeline(ws: Workspace, entries: readonly TimelineEntry[]): Promise<ClaimFailure[]> {
  const out: ClaimFailure[] = [];
  for (const e of entries) {
    const fail = (uid: string, reason: string) =>
      out.push({
        sentence: e.action,
        claim: { kind: 'at', table: e.evidence.table, uid, minute: minute(e.start) },
        reason,
      });
    if (e.kind === 'absence') {
      if (e.evidence.uids.length > 0 || e.evidence.count > 0)
        fail(e.evidence.uids[0] ?? '', 'a line of absence cites records');
      continue;
    }
    if (e.evidence.uids.length === 0) {
      fail('', 'the line cites no record');
      continue;
    }
    if (e.evidence.count < e.evidence.uids.length)
      fail(e.evidence.uids[0] ?? '', `the line counts ${e.evidence.count} records but lists ${e.evidence.uids.length}`);
    // A line over several logs ("Sign-in logs and Entra audit log") lists records of each; one log, only its own.
    const tables: EventTable[] = e.evidence.source.includes(' and ')
      ? [e.evidence.table, ...(Object.keys(EVENT_TABLES) as EventTable[]).filter((t) => t !== e.evidence.table)]
      : [e.evidence.table];
    for (const uid of e.evidence.uids) {
      let row: { minute: string } | undefined;
      for (const table of tables) {
        row ??= await ws.one<{ minute: string }>(
          `SELECT strftime(${EVENT_TABLES[table].timeColumn} AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') AS minute
           FROM ${table} WHERE uid = $1 LIMIT 1`,
          [uid],
        );
      }
      if (!row) fail(uid, `record ${uid} is not in ${tables.join(' or ')}`);
      else if (row.minute < minute(e.start) || row.minute > minute(e.end))
        fail(uid, `record ${uid} is at ${row.minute}, outside ${minute(e.start)} to ${minute(e.end)}`);
    }
  }
  return out;
}
