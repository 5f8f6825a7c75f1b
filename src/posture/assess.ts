/**
 * Posture assessment: every baseline check over one snapshot, the exceptions register applied, and a score.
 * The score weighs each evaluated check by severity; accepted risk earns half, because a governed exception is
 * better than an ungoverned gap but is still a gap (our choice, written here so it can be argued with).
 */
import { PremortemError } from '../core/errors.js';
import { type Severity, severityRank } from '../core/severity.js';
import type { ConfigSnapshot } from '../snapshot/config-snapshot.js';
import type { Workspace } from '../store/workspace.js';
import { CheckContext, type SignInSignals } from './checks/context.js';
import { CHECK_LOGIC } from './checks/index.js';
import { applyExceptions } from './exceptions/match.js';
import type { ExceptionEntry } from './exceptions/schema.js';
import type { CheckMeta, CheckResult, CheckStatus } from './model.js';

/** A whole assessment, as `assess --json` prints it. */
export interface Assessment {
  readonly snapshot: { readonly id: string; readonly takenAt: string; readonly source: string };
  readonly assessedAt: string;
  /** 0–100. */
  readonly score: number;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly results: readonly CheckResult[];
}

const WEIGHT: Readonly<Record<Severity, number>> = { informational: 1, low: 2, medium: 3, high: 4, critical: 5 };

/** Runs the checks. `signins` adds the workspace's sign-in signals (PM-016). */
export function assess(
  snapshot: ConfigSnapshot,
  checks: readonly CheckMeta[],
  register: readonly ExceptionEntry[],
  options: { now: Date; signins?: SignInSignals },
): Assessment {
  // Checks judge the tenant as of the snapshot (a secret "expires soon" relative to when it was read); exceptions
  // are judged now, because an exception that lapsed since the snapshot no longer covers anything.
  const taken = Date.parse(snapshot.takenAt);
  const ctx = new CheckContext(snapshot, Number.isNaN(taken) ? options.now : new Date(taken), options.signins);
  const results: CheckResult[] = checks.map((meta) => {
    const logic = CHECK_LOGIC[meta.id];
    if (!logic) throw new PremortemError('internal', `check ${meta.id} has metadata but no logic`);
    const outcome = logic(ctx);
    const common = {
      id: meta.id,
      name: meta.name,
      severity: meta.severity,
      title: meta.title,
      refs: meta.refs,
      remediation: meta.remediation,
    };
    if (outcome.kind === 'no-data')
      return {
        ...common,
        status: 'no-data',
        evidence: [],
        summary: `not in the snapshot: ${outcome.missing.join(', ')}`,
      };
    if (outcome.kind === 'not-applicable')
      return { ...common, status: 'not-applicable', evidence: [], summary: outcome.reason };
    const evidence = applyExceptions(meta.id, outcome.findings, register, options.now);
    const open = evidence.filter((e) => !e.accepted).length;
    const status: CheckStatus = evidence.length === 0 ? 'pass' : open === 0 ? 'accepted-risk' : 'fail';
    const summary =
      status === 'pass'
        ? outcome.passed
        : status === 'accepted-risk'
          ? `${evidence.length} finding(s), all covered by valid exceptions`
          : `${open} open finding(s)${evidence.length > open ? `, ${evidence.length - open} accepted` : ''}`;
    return { ...common, status, evidence, summary };
  });
  const counts: Record<CheckStatus, number> = {
    pass: 0,
    fail: 0,
    'accepted-risk': 0,
    'not-applicable': 0,
    'no-data': 0,
  };
  let earned = 0;
  let possible = 0;
  for (const r of results) {
    counts[r.status]++;
    if (r.status === 'pass' || r.status === 'fail' || r.status === 'accepted-risk') {
      possible += WEIGHT[r.severity];
      earned += r.status === 'pass' ? WEIGHT[r.severity] : r.status === 'accepted-risk' ? WEIGHT[r.severity] / 2 : 0;
    }
  }
  return {
    snapshot: { id: snapshot.id, takenAt: snapshot.takenAt, source: snapshot.source },
    assessedAt: options.now.toISOString(),
    score: possible === 0 ? 0 : Math.round((100 * earned) / possible),
    counts,
    results,
  };
}

/** Failing checks, worst first. */
export function failing(a: Assessment): CheckResult[] {
  return a.results
    .filter((r) => r.status === 'fail')
    .sort((x, y) => severityRank(y.severity) - severityRank(x.severity) || x.id.localeCompare(y.id));
}

/** Successful "Authenticated SMTP" sign-ins per user and address, from the workspace (PM-016). */
export async function readSignInSignals(ws: Workspace): Promise<SignInSignals | undefined> {
  if ((await ws.count('signins')) === 0) return undefined;
  const rows = await ws.all<{ upn: string; ip: string; n: bigint; last: string }>(
    `SELECT coalesce(user_principal_name, '') AS upn, coalesce(ip_address, '') AS ip, count(*) AS n,
            strftime(max(created_at), '%Y-%m-%dT%H:%M:%SZ') AS last
     FROM signins WHERE lower(client_app) = 'authenticated smtp' AND error_code = 0
     GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return { smtpAuthSuccesses: rows.map((r) => ({ upn: r.upn, ip: r.ip, count: Number(r.n), last: r.last })) };
}
