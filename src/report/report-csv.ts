import { csvTable } from '../core/escape.js';
import { actionWhen } from '../investigate/footprint-format.js';
import { formatWhen } from '../investigate/timeline-format.js';
import { type IncidentReport, PHASE_TITLES } from './report-model.js';

/**
 * "Export to sheets": one row per timeline line, footprint action and indicator, with the incident and section in
 * the first columns so a sheet can filter them. Cells go through csvCell (quoting, formula neutralisation).
 */
export function reportCsv(reports: readonly IncidentReport[]): string {
  const header = [
    'incident',
    'section',
    'phase_or_category',
    'start_utc',
    'end_utc',
    'severity',
    'actor',
    'action',
    'target',
    'detail',
    'result',
    'source',
    'records',
    'uids',
  ];
  const rows: (string | number | null)[][] = [];
  for (const r of reports) {
    const id = r.incident.id;
    for (const e of r.timeline)
      rows.push([
        id,
        'timeline',
        PHASE_TITLES[e.phase],
        e.start,
        e.end,
        e.severity ?? '',
        '',
        e.action,
        '',
        formatWhen(e),
        '',
        e.evidence.source,
        e.evidence.count,
        e.evidence.uids.join(' '),
      ]);
    for (const f of r.footprints)
      for (const a of f.actions)
        rows.push([
          id,
          'footprint',
          a.category,
          a.start,
          a.end,
          a.attacker ? 'attacker' : '',
          a.actor,
          a.activity,
          a.target,
          [a.detail, a.ip].filter((x) => x).join('; '),
          a.result,
          a.table,
          a.count,
          a.uids.join(' '),
        ]);
    for (const i of r.iocs.ips)
      rows.push([
        id,
        'ioc',
        'address',
        i.first,
        i.last,
        '',
        '',
        i.ip,
        i.country,
        `ASN ${i.asn ?? '?'}; ${i.client_apps.join(', ')}`,
        `${i.failures} failed, ${i.successes} successful`,
        'signins',
        i.failures + i.successes,
        '',
      ]);
    for (const ua of r.iocs.user_agents)
      rows.push([id, 'ioc', 'user agent', '', '', '', '', ua, '', '', '', '', '', '']);
    for (const s of r.iocs.service_principals)
      rows.push([id, 'ioc', 'service principal', '', '', '', '', s.name, s.id, '', '', '', '', '']);
    for (const k of r.iocs.credential_ids)
      rows.push([id, 'ioc', 'credential key id', '', '', '', '', k, '', '', '', '', '', '']);
  }
  return csvTable(header, rows);
}

/** Footprint actions alone as CSV (for `investigate --format csv`). */
export function footprintCsv(f: IncidentReport['footprints'][number]): string {
  return csvTable(
    [
      'when_utc',
      'start_utc',
      'end_utc',
      'attacker',
      'category',
      'actor',
      'activity',
      'target',
      'detail',
      'address',
      'result',
      'source',
      'records',
      'uids',
    ],
    f.actions.map((a) => [
      actionWhen(a),
      a.start,
      a.end,
      a.attacker ? 'yes' : '',
      a.category,
      a.actor,
      a.activity,
      a.target,
      a.detail,
      a.ip,
      a.result,
      a.table,
      a.count,
      a.uids.join(' '),
    ]),
  );
}
