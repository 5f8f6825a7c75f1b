import { toIsoUtc } from '../core/time.js';
import type { MatchRow } from './match-rows.js';

type Detail = MatchRow['detail'][string] | undefined;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Distinct non-empty values, most frequent first (ties in first-seen order). */
function ranked(values: readonly Detail[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    const k = String(v);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}

function list(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

function ips(values: readonly string[]): string {
  return values.length === 1
    ? (values[0] as string)
    : `${plural(values.length, 'address', 'addresses')} (${list(values, 3)})`;
}

// Whole seconds read better in a sentence; the alert's own times keep full precision.
const iso = (d: Date): string => (toIsoUtc(d) ?? '?').replace('.000Z', 'Z');

function signinFacts(rows: readonly MatchRow[]): string[] {
  const failed = rows.filter((r) => typeof r.detail.error_code === 'number' && r.detail.error_code !== 0);
  const succeeded = rows.filter((r) => r.detail.error_code === 0);
  const parts: string[] = [];
  if (failed.length > 0) {
    const users = ranked(failed.map((r) => r.detail.user_principal_name));
    const apps = ranked(failed.map((r) => r.detail.client_app));
    const codes = ranked(failed.map((r) => r.detail.error_code));
    const first = failed[0] as MatchRow;
    const last = failed[failed.length - 1] as MatchRow;
    parts.push(
      `${plural(users.length, 'distinct account')} failed from ${ips(ranked(failed.map((r) => r.detail.ip_address)))} ` +
        `between ${iso(first.time)} and ${iso(last.time)}${apps.length ? ` over ${list(apps)}` : ''} ` +
        `(${plural(failed.length, 'attempt')}, errors ${list(codes)})`,
    );
  }
  if (succeeded.length > 0) {
    const users = ranked(succeeded.map((r) => r.detail.user_principal_name ?? r.detail.service_principal_name));
    const apps = ranked(succeeded.map((r) => r.detail.client_app));
    const first = succeeded[0] as MatchRow;
    const when =
      succeeded.length === 1
        ? `at ${iso(first.time)}`
        : `${plural(succeeded.length, 'time')} between ${iso(first.time)} and ${iso((succeeded[succeeded.length - 1] as MatchRow).time)}`;
    parts.push(
      `${failed.length > 0 ? 'then ' : ''}signed in successfully as ${list(users) || 'an unknown account'} from ` +
        `${ips(ranked(succeeded.map((r) => r.detail.ip_address)))} ${when}${apps.length ? ` over ${list(apps)}` : ''}`,
    );
  }
  return parts;
}

function auditFacts(rows: readonly MatchRow[]): string[] {
  const shown = rows.slice(0, 3).map(({ detail: d, time }) => {
    const actor = d.initiator_upn ?? d.initiator_display_name ?? 'an unknown initiator';
    const target = d.target_upn ?? d.target_display_name;
    const role = d.role_name ? ` (${d.role_name})` : '';
    const on = target ? ` on ${target}${d.target_type ? ` (${d.target_type})` : ''}` : '';
    return `${actor} ran "${d.activity ?? 'an activity'}"${role}${on} at ${iso(time)}`;
  });
  if (rows.length > 3) shown.push(`and ${plural(rows.length - 3, 'more change')}`);
  return shown;
}

function activityFacts(rows: readonly MatchRow[]): string[] {
  const shown = rows.slice(0, 3).map(({ detail: d, time }) => {
    const who = d.user_id ?? 'an unknown user';
    const what = d.operation ?? 'an operation';
    const where = d.client_ip ? ` from ${d.client_ip}` : '';
    const via = d.client_info ? ` (${String(d.client_info).slice(0, 80)})` : '';
    return `${who} ran ${what}${d.workload ? ` in ${d.workload}` : ''}${where}${via} at ${iso(time)}`;
  });
  if (rows.length > 3) shown.push(`and ${plural(rows.length - 3, 'more operation')}`);
  return shown;
}

function otherFacts(rows: readonly MatchRow[]): string[] {
  return rows.slice(0, 3).map(({ detail: d, time }) => {
    const kind = d.risk_event_type ?? d.alert_type ?? 'a signal';
    const who = d.user_principal_name ? ` for ${d.user_principal_name}` : '';
    const level = d.risk_level ? ` (${d.risk_level})` : '';
    return `Microsoft reported ${kind}${level}${who} at ${iso(time)}`;
  });
}

/**
 * One sentence of facts from an alert's evidence, e.g. "412 distinct accounts failed from 203.0.113.7 between …
 * and … over Authenticated SMTP, IMAP4 (7,012 attempts, errors 50126, 50053)". Values are as logged: printing
 * them to a terminal goes through sanitizeForTerminal.
 */
export function summarize(rows: readonly MatchRow[]): string {
  const parts = [
    ...signinFacts(rows.filter((r) => r.table === 'signins')),
    ...auditFacts(rows.filter((r) => r.table === 'audits')),
    ...activityFacts(rows.filter((r) => r.table === 'activities')),
    ...otherFacts(rows.filter((r) => r.table === 'risk_detections' || r.table === 'pim_alerts')),
  ];
  return parts.join('; ') || `${plural(rows.length, 'event')}`;
}
