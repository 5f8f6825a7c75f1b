/**
 * The readiness section of the incident report: the premortem questions (how far back, how do we know, how fast)
 * answered for the workspace the incident came from, with the same figures `premortem readiness` prints. An
 * incident is the moment a tenant owner asks them; the answers say what this report could and could not see, and
 * how much sooner it could have been known. Built from the readiness model (src/readiness/report.ts), never
 * recomputed here, so the report and `premortem readiness --json` cannot disagree.
 */
import { html, md } from '../core/escape.js';
import { LAST_USE_UNKNOWN, lastUseText, UNUSED_DAYS } from '../readiness/credential-use.js';
import { dayOf, duration, minute } from '../readiness/format.js';
import type { ReadinessReport } from '../readiness/report.js';

/** The facts the section states: a projection of the readiness report, kept in the report's JSON. */
export interface ReadinessFacts {
  now: string;
  score: number;
  parts: { name: string; points: number; max: number }[];
  licences: string;
  sources: {
    label: string;
    held: number;
    earliest: string | null;
    latest: string | null;
    horizon: string | null;
    horizon_days: number | null;
    loss_date: string | null;
    lost: { from: string; to: string } | null;
  }[];
  gaps: string[];
  coverage: { covered: number; blind: number; uncovered: number; techniques: number; rules: number };
  blind: { technique: string; missing: string[] }[];
  uncovered: string[];
  scenarios: {
    title: string;
    typical_s: number | null;
    worst_s: number | null;
    steps: { what: string; technique: string; source: string; typical_s: number | null; never: string | null }[];
  }[];
  /** Key hygiene (the Storm-0558 lesson); null without a snapshot of applications and service principals. */
  credentials: {
    total: number;
    with_issues: number;
    /** Counts from appCredentialSignInActivities; null when last use is unknown. */
    never_used: number | null;
    unused: number | null;
    last_use: string;
    first: string[];
  } | null;
  actions: string[];
}

/** The section's facts from a readiness report. */
export function readinessFacts(r: ReadinessReport): ReadinessFacts {
  const lic = r.licences;
  const k = r.howDoWeKnow;
  return {
    now: r.now,
    score: r.score.score,
    parts: r.score.parts.map((p) => ({ name: p.name, points: p.points, max: p.max })),
    licences:
      lic.snapshotId === undefined
        ? 'unknown (no subscribedSkus in a snapshot): dates use the shorter retention'
        : `Entra ID ${lic.entra.toUpperCase()}, Purview Audit ${lic.audit}`,
    sources: r.howFarBack.sources.map((s) => ({
      label: s.label,
      held: s.count,
      earliest: s.earliest,
      latest: s.latest,
      horizon: s.horizon,
      horizon_days: s.horizonDays,
      loss_date: s.lossDate,
      lost: s.lost ? { from: s.lost.from, to: s.lost.to } : null,
    })),
    gaps: [
      ...r.howFarBack.gaps.map(
        (g) =>
          `${g.source}: no events ${minute(g.start)} to ${minute(g.end)} (${g.hours} h) where ~${g.expected} were due`,
      ),
      ...r.blindSpots.stopped.map(
        (s) => `${s.source} stopped: nothing since ${minute(s.lastEvent)} (${s.silentHours} h)`,
      ),
      ...r.blindSpots.tampering.map((t) => `${t.title} at ${minute(t.at)} by ${t.actor ?? 'unknown'}`),
    ],
    coverage: {
      covered: k.counts.covered,
      blind: k.counts['covered-but-blind'],
      uncovered: k.counts.uncovered,
      techniques: k.techniques.length,
      rules: k.rules,
    },
    blind: k.techniques
      .filter((t) => t.state === 'covered-but-blind')
      .map((t) => ({ technique: t.technique, missing: [...new Set(t.blind.flatMap((b) => b.missing))] })),
    uncovered: k.techniques.filter((t) => t.state === 'uncovered').map((t) => t.technique),
    scenarios: r.howFast.scenarios.map((sc) => ({
      title: sc.title,
      typical_s: sc.firstAlertTypicalS,
      worst_s: sc.firstAlertWorstS,
      steps: sc.steps.map((st) => ({
        what: st.what,
        technique: st.technique,
        source: st.source,
        typical_s: st.detectable ? st.totalTypicalS : null,
        never: st.detectable ? null : (st.reason ?? 'not detected'),
      })),
    })),
    credentials: credentialFacts(r.credentials),
    actions: r.actions.slice(0, 5).map((a) => a.text),
  };
}

function credentialFacts(c: ReadinessReport['credentials']): ReadinessFacts['credentials'] {
  if (c.counts === null) return null;
  const known = c.lastUse !== null;
  return {
    total: c.counts.total,
    with_issues: c.all.filter((x) => x.issues.length > 0).length,
    never_used: known ? c.counts['never-used'] : null,
    unused: known ? c.counts.unused : null,
    last_use: known
      ? `last use from appCredentialSignInActivities (snapshot ${c.lastUse?.snapshot})`
      : LAST_USE_UNKNOWN,
    first: c.rotateFirst
      .slice(0, 3)
      .map((x) => `${x.displayName} ${x.kind} ${x.keyId ?? ''} (${lastUseText(x)}): ${x.action}`),
  };
}

/** The key-hygiene sentence, shared by both formats (callers escape it). */
function credentialLine(c: NonNullable<ReadinessFacts['credentials']>): string {
  const idle = c.never_used === null ? '' : `, ${c.never_used} never used, ${c.unused} unused for ${UNUSED_DAYS}+ days`;
  return `${c.total} application and service principal credentials, ${c.with_issues} with an issue${idle}; ${c.last_use}.`;
}

const li = (xs: readonly string[], empty: string) =>
  xs.length ? `<ul>${xs.map((x) => `<li>${html(x)}</li>`).join('')}</ul>` : `<p class="muted">${html(empty)}</p>`;

/** The section's inner HTML; every value passes through html(). */
export function readinessHtml(f: ReadinessFacts): string {
  const parts = f.parts.map((p) => `${p.name} ${p.points}/${p.max}`).join(', ');
  const sources = f.sources
    .map(
      (s) =>
        `<tr><td>${html(s.label)}</td><td>${s.held}</td><td>${html(minute(s.earliest))}</td><td>${html(minute(s.latest))}</td><td>${html(dayOf(s.horizon))}${s.horizon_days === null ? '' : ` (${s.horizon_days} d)`}</td><td>${s.lost ? `<strong>lost ${html(dayOf(s.lost.from))}..${html(dayOf(s.lost.to))}</strong>` : html(dayOf(s.loss_date))}</td></tr>`,
    )
    .join('');
  const scenarios = f.scenarios
    .map(
      (sc) =>
        `<li>${html(sc.title)}: first alert typically <strong>${html(duration(sc.typical_s))}</strong>, at worst ${html(duration(sc.worst_s))}${li(
          sc.steps.map((st) =>
            st.never === null
              ? `${st.what} (${st.technique} via ${st.source}): ${duration(st.typical_s)} end to end`
              : `${st.what} (${st.technique} via ${st.source}): never (${st.never})`,
          ),
          '',
        )}</li>`,
    )
    .join('');
  return [
    `<p class="muted">As of ${html(minute(f.now))} UTC, for the whole workspace (the same figures as <code>premortem readiness</code>). Licences: ${html(f.licences)}.</p>`,
    `<p>Readiness score <strong>${f.score}/100</strong> (${html(parts)}).</p>`,
    '<h3>How far back can we look?</h3>',
    `<table><thead><tr><th>Source</th><th>Held</th><th>Earliest</th><th>Latest</th><th>We can look back to</th><th>Evidence lost from, if collection stops</th></tr></thead><tbody>${sources}</tbody></table>`,
    f.gaps.length ? `<h4>Gaps, stopped sources and tampering</h4>${li(f.gaps, '')}` : '',
    '<h3>How do we know?</h3>',
    `<p>${f.coverage.covered} of ${f.coverage.techniques} techniques covered by the ${f.coverage.rules} enabled rules, ${f.coverage.blind} covered but blind (a rule needs a source this tenant does not send), ${f.coverage.uncovered} uncovered.</p>`,
    li(
      f.blind.map((b) => `Blind: ${b.technique}: needs ${b.missing.join(', ')}`),
      'No technique is covered but blind.',
    ),
    f.uncovered.length ? `<p>Uncovered: ${html(f.uncovered.join(', '))}.</p>` : '',
    '<h3>How fast can we know?</h3>',
    `<ul>${scenarios}</ul>`,
    '<h3>Keys and credentials</h3>',
    f.credentials === null
      ? '<p class="muted">No snapshot of applications and service principals: run premortem collect --config.</p>'
      : `<p>${html(credentialLine(f.credentials))}</p>${li(f.credentials.first, '')}`,
    '<h3>Top actions</h3>',
    li(f.actions, 'None.'),
  ].join('\n');
}

/** The section as Markdown lines; every value passes through md(). */
export function readinessMarkdown(f: ReadinessFacts): string[] {
  const o: string[] = ['## Readiness: how far back, how do we know, how fast', ''];
  o.push(
    `As of ${md(minute(f.now))} UTC, for the whole workspace (the same figures as \`premortem readiness\`). Licences: ${md(f.licences)}. Readiness score **${f.score}/100** (${md(f.parts.map((p) => `${p.name} ${p.points}/${p.max}`).join(', '))}).`,
    '',
    '### How far back can we look?',
    '',
    '| Source | Held | Earliest | Latest | We can look back to | Evidence lost from, if collection stops |',
    '|---|---|---|---|---|---|',
  );
  for (const s of f.sources)
    o.push(
      `| ${md(s.label)} | ${s.held} | ${md(minute(s.earliest))} | ${md(minute(s.latest))} | ${md(dayOf(s.horizon))}${s.horizon_days === null ? '' : ` (${s.horizon_days} d)`} | ${s.lost ? `**lost ${md(dayOf(s.lost.from))}..${md(dayOf(s.lost.to))}**` : md(dayOf(s.loss_date))} |`,
    );
  o.push('');
  for (const g of f.gaps) o.push(`- ${md(g)}`);
  if (f.gaps.length) o.push('');
  o.push(
    '### How do we know?',
    '',
    `${f.coverage.covered} of ${f.coverage.techniques} techniques covered by the ${f.coverage.rules} enabled rules, ${f.coverage.blind} covered but blind, ${f.coverage.uncovered} uncovered.`,
    '',
  );
  for (const b of f.blind) o.push(`- Blind: ${md(b.technique)}: needs ${md(b.missing.join(', '))}`);
  if (f.uncovered.length) o.push(`- Uncovered: ${md(f.uncovered.join(', '))}`);
  o.push('', '### How fast can we know?', '');
  for (const sc of f.scenarios) {
    o.push(`- ${md(sc.title)}: first alert typically **${duration(sc.typical_s)}**, at worst ${duration(sc.worst_s)}`);
    for (const st of sc.steps)
      o.push(
        st.never === null
          ? `  - ${md(st.what)} (${md(st.technique)} via ${md(st.source)}): ${duration(st.typical_s)} end to end`
          : `  - ${md(st.what)} (${md(st.technique)} via ${md(st.source)}): never (${md(st.never)})`,
      );
  }
  o.push('', '### Keys and credentials', '');
  if (f.credentials === null)
    o.push('No snapshot of applications and service principals: run premortem collect --config.');
  else {
    o.push(md(credentialLine(f.credentials)));
    for (const x of f.credentials.first) o.push(`- ${md(x)}`);
  }
  o.push('', '### Top actions', '');
  f.actions.forEach((a, i) => {
    o.push(`${i + 1}. ${md(a)}`);
  });
  o.push('');
  return o;
}
