/**
 * The claim checker: every claim a generated sentence makes about a record is checked again against the record in
 * the store, independently of the code that wrote the sentence. A report whose sentences fail here says something
 * the records do not.
 */
import { EVENT_TABLES } from '../core/event-model.js';
import type { Workspace } from '../store/workspace.js';
import type { Claim, Sentence } from './report-model.js';

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
