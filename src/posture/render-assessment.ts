import { md } from '../core/escape.js';
import { objectsWithIds } from '../core/objects.js';
/**
 * The assessment for people: a terminal summary (score, failing checks worst first with their evidence) and a
 * Markdown report (every check, the one-rule-for-execs ranking, drift). JSON needs no renderer: `assess --json`
 * prints the Assessment itself, each result `{id, status, severity, title, refs, evidence}`.
 */
import { type Assessment, failing } from './assess.js';
import type { Drift } from './drift.js';
import type { ExecEntry } from './execs.js';
import type { CheckRefs, CheckResult, Evidence } from './model.js';

/** How many evidence lines a check shows in the terminal before "… and N more". */
const TERMINAL_EVIDENCE = 4;

/** "SCuBA MS.AAD.3.2v2; Maester MT.1007". */
export function refsText(refs: CheckRefs): string {
  const label: Record<keyof CheckRefs, string> = {
    scuba: 'SCuBA',
    maester: 'Maester',
    cipp: 'CIPP',
    prowler: 'Prowler',
    monkey365: 'Monkey365',
  };
  return (Object.keys(label) as (keyof CheckRefs)[])
    .filter((k) => (refs[k]?.length ?? 0) > 0)
    .map((k) => `${label[k]} ${refs[k]?.join(', ')}`)
    .join('; ');
}

/** A finding's line: its message, the objects it names by id (names alone may be an attacker's), its exception. */
function evidenceLine(e: Evidence): string {
  const ex = e.exception ? ` [${e.exception.id}: ${e.exception.state}]` : '';
  const ids = objectsWithIds(e.objects);
  return `${e.message}${ids ? ` — ${ids}` : ''}${ex}`;
}

/** The score line. */
export function scoreLine(a: Assessment): string {
  const c = a.counts;
  return `Posture score ${a.score}/100: ${c.pass} pass, ${c.fail} fail, ${c['accepted-risk']} accepted risk, ${c['not-applicable']} not applicable, ${c['no-data']} no data`;
}

/** Terminal summary. `safe` strips control characters from tenant-supplied text. */
export function renderAssessmentText(a: Assessment, execs: readonly ExecEntry[], safe: (s: string) => string): string {
  const lines: string[] = [
    scoreLine(a),
    `snapshot ${a.snapshot.id} taken ${a.snapshot.takenAt} (${a.snapshot.source})`,
    '',
  ];
  for (const r of failing(a)) {
    lines.push(`FAIL  ${r.severity.padEnd(8)} ${r.id}  ${r.title}`);
    const open = r.evidence.filter((e) => !e.accepted);
    for (const e of open.slice(0, TERMINAL_EVIDENCE)) lines.push(`        - ${safe(evidenceLine(e))}`);
    if (open.length > TERMINAL_EVIDENCE)
      lines.push(`        … and ${open.length - TERMINAL_EVIDENCE} more (--format md or --json for all)`);
  }
  const accepted = a.results.filter((r) => r.status === 'accepted-risk');
  for (const r of accepted) {
    lines.push(`RISK  ${r.severity.padEnd(8)} ${r.id}  ${r.title}`);
    for (const e of r.evidence) lines.push(`        - ${safe(evidenceLine(e))}`);
  }
  const noData = a.results.filter((r) => r.status === 'no-data');
  if (noData.length > 0)
    lines.push('', `no data for ${noData.map((r) => r.id).join(', ')} (see --format md for what each needs)`);
  if (execs.length > 0) {
    lines.push('', 'One rule for execs: privileged or VIP identities with weaker controls than an ordinary member');
    for (const e of execs.slice(0, 5))
      lines.push(`  ${String(e.risk).padStart(3)}  ${safe(e.upn)}: ${safe(e.gaps.map((g) => g.detail).join('; '))}`);
  }
  return lines.join('\n');
}

function mdCheck(r: CheckResult): string[] {
  const out = [
    `### ${r.id} ${md(r.title)}: ${r.status}`,
    '',
    `Severity ${r.severity}. ${refsText(r.refs) || 'No anchor has this check.'}`,
    '',
    r.summary,
    '',
  ];
  for (const e of r.evidence) out.push(`- ${md(evidenceLine(e))}${e.accepted ? ' (accepted risk)' : ''}`);
  if (r.status === 'fail') out.push('', `Remediation: ${r.remediation}`);
  out.push('');
  return out;
}

/** The Markdown report. */
export function renderAssessmentMarkdown(a: Assessment, execs: readonly ExecEntry[], drift?: Drift): string {
  const lines = [
    '# Posture assessment',
    '',
    `${scoreLine(a)}. Snapshot \`${a.snapshot.id}\` taken ${a.snapshot.takenAt}; assessed ${a.assessedAt}.`,
    '',
    '| Check | Status | Severity | Title | Anchors |',
    '|---|---|---|---|---|',
    ...a.results.map((r) => `| ${r.id} | ${r.status} | ${r.severity} | ${md(r.title)} | ${md(refsText(r.refs))} |`),
    '',
    '## Findings',
    '',
    ...a.results.filter((r) => r.status === 'fail' || r.status === 'accepted-risk').flatMap(mdCheck),
    '## One rule for execs',
    '',
  ];
  if (execs.length === 0) lines.push('No privileged or VIP identity has weaker controls than an ordinary member.', '');
  else {
    lines.push('| Risk | Identity | Roles | Weaker than a member because |', '|---|---|---|---|');
    for (const e of execs)
      lines.push(
        `| ${e.risk} | ${md(`${e.name} (${e.upn})`)} | ${md(e.roles.join(', ') || (e.vip ? 'VIP' : ''))} | ${md(e.gaps.map((g) => g.detail).join('; '))} |`,
      );
    lines.push('');
  }
  if (drift) lines.push(...renderDriftMarkdown(drift));
  const noData = a.results.filter((r) => r.status === 'no-data' || r.status === 'not-applicable');
  if (noData.length > 0) {
    lines.push('## Not evaluated', '');
    for (const r of noData) lines.push(`- ${r.id} ${md(r.title)}: ${r.status}, ${md(r.summary)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** One line per changed object, with who changed it. */
export function driftLines(d: Drift): string[] {
  const lines: string[] = [];
  for (const p of d.posture) lines.push(`${p.id} ${p.from} → ${p.to}: ${p.title}`);
  for (const o of d.objects) {
    const who = o.madeBy.length
      ? o.madeBy.map((m) => `${m.activity} by ${m.by}${m.ip ? ` from ${m.ip}` : ''} at ${m.at}`).join('; ')
      : 'no audit event found between the snapshots';
    lines.push(
      `${o.resource} "${o.name}" ${o.change}${o.details.length ? ` (${o.details.slice(0, 3).join('; ')}${o.details.length > 3 ? '; …' : ''})` : ''}: ${who}`,
    );
  }
  return lines;
}

function renderDriftMarkdown(d: Drift): string[] {
  return [
    '## Drift',
    '',
    `From \`${d.from.id}\` (${d.from.takenAt}) to \`${d.to.id}\` (${d.to.takenAt}).`,
    '',
    ...driftLines(d).map((l) => `- ${md(l)}`),
    '',
  ];
}
