import { md } from '../core/escape.js';
import { objectsText, objectsWithIds } from '../core/objects.js';
import type { Timeline, TimelineEntry } from './timeline-model.js';

/** "2025-09-02 03:14" or "2025-09-02 03:14 – 2025-09-25 22:10": minutes are what responders quote. */
export function formatWhen(e: TimelineEntry): string {
  const s = e.start.slice(0, 16).replace('T', ' ');
  const t = e.end.slice(0, 16).replace('T', ' ');
  if (!e.start) return '(time unknown)';
  return s === t || !e.end ? s : `${s} – ${t}`;
}

/** "Sign-in logs: uid1, uid2, … (81 records)". */
export function formatEvidence(e: TimelineEntry): string {
  const ev = e.evidence;
  if (ev.count === 0) return `${ev.source}: no records`;
  const more = ev.count > ev.uids.length ? `, … (${ev.count} records)` : '';
  return `${ev.source}: ${ev.uids.join(', ')}${more}`;
}

/** " — objects: Octiga Cloud Security (service principal: id …, app id …); …" for a line, or '' (plain text). */
export function lineObjectsText(e: Pick<TimelineEntry, 'objects'>): string {
  const ids = objectsWithIds(e.objects);
  return ids ? ` — objects: ${ids}` : '';
}

/** The timeline as a Markdown table (Date (UTC) | Action / Finding | Evidence), every cell escaped. */
export function timelineMarkdown(t: Timeline): string {
  const lines = ['| Date (UTC) | Action / Finding | Evidence |', '|---|---|---|'];
  for (const e of t.entries) {
    const sev = e.severity ? `**${e.severity}** ` : '';
    lines.push(`| ${md(formatWhen(e))} | ${sev}${md(e.action)}${md(lineObjectsText(e))} | ${md(formatEvidence(e))} |`);
  }
  lines.push('', 'Evidence: `premortem show UID` prints the raw record behind any id above.');
  return `${lines.join('\n')}\n`;
}

/** A plain-text layout for the terminal: one block per entry, wrapped to the width. */
export function timelineText(t: Timeline, width = 110, detectRan = false): string {
  if (t.entries.length === 0)
    return detectRan
      ? 'No alerts in this workspace: nothing to put on a timeline (premortem detect ran and raised none).\n'
      : 'No alerts in this workspace: nothing to put on a timeline (run premortem detect first).\n';
  const out: string[] = [];
  for (const e of t.entries) {
    const head = `${formatWhen(e)}${e.severity ? `  [${e.severity}]` : ''}`;
    out.push(head);
    for (const line of wrap(e.action, width - 4)) out.push(`    ${line}`);
    const objects = objectsText(e.objects);
    if (objects) for (const line of wrap(objects, width - 4)) out.push(`    ${line}`);
    for (const line of wrap(`evidence: ${formatEvidence(e)}`, width - 4)) out.push(`    ${line}`);
    out.push('');
  }
  return out.join('\n');
}

function wrap(text: string, width: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}
