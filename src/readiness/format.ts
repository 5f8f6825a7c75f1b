/**
 * The readiness report as terminal text: the three answers with their figures, then keys, blind spots, score and
 * top actions. Names from the tenant (app display names, actors) pass through `safe` (terminalSafe in the CLI):
 * they are attacker-controlled.
 */
import { LAST_USE_UNKNOWN, lastUseText, UNUSED_DAYS } from './credential-use.js';
import type { ReadinessReport } from './report.js';
import type { RetentionOption } from './retention.js';

/** An ISO time as "2025-10-02 23:58" (UTC), or "-". */
export const minute = (iso: string | null) => (iso === null ? '-' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`);
/** An ISO time's date, or "-". */
export const dayOf = (iso: string | null) => (iso === null ? '-' : iso.slice(0, 10));

/** Seconds as "3m15s", "2h00m". */
export function duration(s: number | null): string {
  if (s === null) return 'never';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function retentionText(options: readonly RetentionOption[]): string {
  if (options.length === 0) return 'none';
  // "Purview Audit (Standard)" -> "Standard", "Entra ID P1/P2" -> "P1/P2".
  const short = (tier: string) => tier.replace(/^(Purview Audit|Entra ID) /, '').replace(/^\((.*)\)$/, '$1');
  return options.map((o) => `${o.days} d (${short(o.tier)})`).join(' / ');
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}

/** Renders the report for a terminal. */
export function formatReadiness(r: ReadinessReport, safe: (text: string) => string = (t) => t): string {
  const out: string[] = [];
  const parts = r.score.parts.map((p) => `${p.name} ${p.points}/${p.max}`).join(', ');
  out.push(`premortem readiness at ${r.now}: score ${r.score.score}/100 (${parts})`);
  const lic = r.licences;
  out.push(
    lic.snapshotId === undefined
      ? 'Licences: unknown (no subscribedSkus in a snapshot): both retentions shown, dates use the shorter'
      : `Licences: Entra ID ${lic.entra.toUpperCase()}, Purview Audit ${lic.audit} (${lic.skus.join(', ') || 'no SKU'})`,
  );

  out.push('', 'HOW FAR BACK CAN WE LOOK?');
  out.push(
    ...table([
      ['source', 'held', 'earliest', 'latest', 'Microsoft keeps', 'we can look back to', 'lost if collection stops'],
      ...r.howFarBack.sources.map((s) => [
        s.label,
        String(s.count),
        minute(s.earliest),
        minute(s.latest),
        retentionText(s.retention),
        s.horizon === null ? '-' : `${dayOf(s.horizon)} (${s.horizonDays} d)`,
        s.lost ? `LOST ${dayOf(s.lost.from)}..${dayOf(s.lost.to)}` : dayOf(s.lossDate),
      ]),
    ]),
  );
  if (r.howFarBack.gaps.length === 0) out.push('  Gaps: none against the hour-of-week baseline');
  for (const g of r.howFarBack.gaps) {
    out.push(
      `  Gap: ${g.source} ${minute(g.start)} to ${minute(g.end)} (${g.hours} h, ~${g.expected} actors expected)`,
    );
  }
  for (const c of r.howFarBack.checkpoints.filter((x) => x.behind)) {
    out.push(
      `  Checkpoint behind: ${c.endpoint} read to ${minute(c.coveredUntil)} (${c.lagHours ?? '?'} h ago)${c.interrupted ? ', pass interrupted' : ''}`,
    );
  }

  const k = r.howDoWeKnow;
  out.push('', 'HOW DO WE KNOW?');
  out.push(
    `  ${k.counts.covered} covered, ${k.counts['covered-but-blind']} covered but blind, ${k.counts.uncovered} uncovered (${k.techniques.length} techniques, ${k.rules} enabled rules; sources sent: ${k.sent.join(', ') || 'none'})`,
  );
  for (const t of k.techniques.filter((x) => x.state === 'covered')) {
    out.push(`  covered  ${t.technique} (${t.attack.join(', ')}): ${t.seeing.length} rule(s)`);
  }
  for (const t of k.techniques.filter((x) => x.state === 'covered-but-blind')) {
    const missing = [...new Set(t.blind.flatMap((b) => b.missing))].join(', ');
    out.push(`  BLIND    ${t.technique} (${t.attack.join(', ')}): rules need ${missing}`);
  }
  const unc = k.techniques.filter((x) => x.state === 'uncovered').map((t) => t.technique);
  if (unc.length > 0) out.push(`  uncovered: ${unc.join(', ')}`);
  for (const s of k.rulesSkipped) out.push(`  rule not counted: ${s.id}: ${s.reason}`);

  out.push('', `HOW FAST CAN WE KNOW? (Microsoft pipeline + watch every ${r.howFast.watchIntervalS}s + premortem)`);
  for (const sc of r.howFast.scenarios) {
    out.push(
      `  ${sc.scenario}: first alert typically ${duration(sc.firstAlertTypicalS)}, at worst ${duration(sc.firstAlertWorstS)}`,
    );
    for (const st of sc.steps) {
      const proc =
        st.processingS === null ? 'premortem not measured' : `premortem ${st.processingS}s (${st.processingMethod})`;
      out.push(
        st.detectable
          ? `    ${st.technique} via ${st.source}: ${duration(st.totalTypicalS)} typical, ${duration(st.totalWorstS)} worst (pipeline ${duration(st.pipelineTypicalS)}..${duration(st.pipelineWorstS)}; ${proc})`
          : `    ${st.technique} via ${st.source}: never (${st.reason})`,
      );
    }
  }

  const c = r.credentials;
  out.push('', 'KEYS AND CREDENTIALS');
  if (c.counts === null)
    out.push('  no snapshot of applications and service principals: run premortem collect --config');
  else {
    out.push(
      `  ${c.counts.total} credentials: ${c.counts['expired-present']} expired but present, ${c.counts['long-lifetime']} long-lived, ${c.counts['never-rotated']} not rotated in a year, ${c.counts['privileged-secret']} secrets on privileged apps, ${c.counts['foreign-app-credential']} on other organisations' apps`,
    );
    out.push(
      c.lastUse === null
        ? `  ${LAST_USE_UNKNOWN}`
        : `  last use (appCredentialSignInActivities): ${c.counts['never-used']} never used, ${c.counts.unused} unused for ${UNUSED_DAYS}+ days`,
    );
    c.rotateFirst.slice(0, 5).forEach((x, i) => {
      out.push(
        `  ${i + 1}. ${safe(x.displayName)} ${x.kind} ${x.keyId ?? ''} age ${x.ageDays ?? '?'} d, ends ${dayOf(x.end)}, ${lastUseText(x)}: ${x.issues.join(', ')} -> ${safe(x.action)}`,
      );
    });
  }
  for (const f of c.federation) {
    out.push(
      `  federated ${safe(f.domain)}: signing cert ${dayOf(f.notBefore)}..${dayOf(f.notAfter)}${f.issues.length ? `: ${f.issues.join('; ')}` : ''}`,
    );
  }

  out.push('', 'BLIND SPOTS AND TAMPERING');
  if (r.blindSpots.stopped.length + r.blindSpots.tampering.length === 0) out.push('  none found');
  for (const s of r.blindSpots.stopped) {
    out.push(
      `  STOPPED ${s.source}: nothing since ${minute(s.lastEvent)} (${s.silentHours} h, ~${s.expected} actors expected)`,
    );
  }
  for (const t of r.blindSpots.tampering) {
    out.push(
      `  ${t.severity.toUpperCase()} ${t.title} at ${minute(t.at)} by ${safe(t.actor ?? 'unknown')}${t.verified ? '' : ' [UNVERIFIED]'}`,
    );
  }

  out.push('', 'TOP ACTIONS');
  r.actions.slice(0, 5).forEach((a, i) => {
    out.push(`  ${i + 1}. ${safe(a.text)}`);
  });
  if (r.actions.length === 0) out.push('  none');
  return out.join('\n');
}
