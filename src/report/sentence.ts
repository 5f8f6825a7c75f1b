/**
 * Generated sentences with the records they rest on and the claims they make about them (report-model.ts, Claim),
 * which claim-check.ts re-checks against the store.
 */
import type { FootprintAction } from '../investigate/footprint-model.js';
import { listOf } from '../investigate/incident-summary.js';
import type { Claim, Sentence } from './report-model.js';

const uniq = (xs: readonly (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];
/** "YYYY-MM-DD HH:MM", the minute a sentence states. */
export const minuteOf = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/**
 * Claims that an action's first record names each of `who`, and, when the action is that one record, that it
 * happened at the minute the sentence states.
 */
export function about(a: FootprintAction, ...who: (string | null)[]): Claim[] {
  const uid = a.uids[0];
  if (uid === undefined) return [];
  const out: Claim[] = a.uids.length === 1 ? [{ kind: 'at', table: a.table, uid, minute: minuteOf(a.start) }] : [];
  for (const w of uniq(who)) out.push({ kind: 'names', table: a.table, uid, value: w });
  return out;
}

/** A sentence resting on the records of `actions` (none: a statement of absence or advice). */
export function sentence(text: string, actions: readonly FootprintAction[], claims: Claim[]): Sentence {
  return { text, uids: uniq(actions.flatMap((a) => a.uids)), claims };
}

/** The records a sentence cites, for the rendered report ("" when it cites none: a statement of absence). */
export function citedRecords(s: Sentence): string {
  return s.uids.length ? `records ${listOf(s.uids, 3)}` : '';
}

/** A sentence as a report line: its text, then the records it cites in parentheses. */
export function withCitation(s: Sentence): string {
  const cited = citedRecords(s);
  return cited ? `${s.text} (${cited})` : s.text;
}
