import type { TrailLine } from '../contain/trail.js';
import type { Alert } from '../detect/alert.js';
import type { Footprint } from '../investigate/footprint-model.js';
import type { Incident } from '../investigate/incident-model.js';
import type { Timeline, TimelineEntry } from '../investigate/timeline-model.js';
import type { EvidenceRow } from '../store/evidence.js';
import type { ReadinessFacts } from './report-readiness.js';

/** The four phases responders write a timeline in (the seed-000 report template). */
/** One step of the containment trail, as the Response section shows it. */
export type ResponseTaken = TrailLine;

export type Phase = 'initial-access' | 'escalation-persistence' | 'impact' | 'detection-response';

export const PHASE_TITLES: Record<Phase, string> = {
  'initial-access': 'Initial Access',
  'escalation-persistence': 'Privilege Escalation and Persistence',
  impact: 'Impact',
  'detection-response': 'Detection and Response',
};

/** A timeline line with the phase it belongs to. */
export interface PhasedEntry extends TimelineEntry {
  phase: Phase;
}

/** One ATT&CK technique with the alerts whose rules carry it. */
export interface TechniqueFact {
  id: string;
  name: string;
  tactics: string[];
  alerts: string[];
}

/** An attacker address with what the sign-in logs say about it. */
export interface IpFact {
  ip: string;
  country: string | null;
  asn: number | null;
  failures: number;
  successes: number;
  accounts: number;
  first: string;
  last: string;
  client_apps: string[];
}

/** Indicators of compromise, each read from the store. */
export interface Iocs {
  ips: IpFact[];
  user_agents: string[];
  client_apps: string[];
  applications: string[];
  service_principals: { name: string; id: string | null }[];
  credential_ids: string[];
  behaviours: string[];
}

/** Hourly failed sign-ins per attacker address, and the moments worth marking on the chart. */
export interface ChartData {
  hours: { hour: string; ip: string; failures: number }[];
  markers: { at: string; label: string }[];
}

/** How much of each log the workspace holds: what the report can and cannot speak to. */
export interface Coverage {
  table: 'signins' | 'audits' | 'activities';
  label: string;
  rows: number;
  first: string | null;
  last: string | null;
}

/**
 * A claim a generated sentence makes about one record, checked again against the store by claim-check.ts:
 * `names` (the record names this actor or target), `at` (the record's time is this minute, "YYYY-MM-DD HH:MM"),
 * `from-address` (a sign-in from one of these addresses), `first-success` (a successful sign-in, and no earlier
 * successful sign-in from any of these addresses).
 */
export type Claim =
  | { kind: 'names'; table: Coverage['table']; uid: string; value: string }
  | { kind: 'at'; table: Coverage['table']; uid: string; minute: string }
  | { kind: 'from-address'; uid: string; ips: string[] }
  | { kind: 'first-success'; uid: string; ips: string[] };

/** A generated sentence with the records it rests on and the claims it makes about them. */
export interface Sentence {
  text: string;
  uids: string[];
  claims: Claim[];
}

/** Everything a report says about one incident; every sentence below is built from these facts. */
export interface IncidentReport {
  generated_at: string;
  /** When premortem first raised one of the incident's alerts. */
  discovered_at: string | null;
  tenant: string | null;
  incident: Incident;
  alerts: Alert[];
  timeline: PhasedEntry[];
  followed: Timeline['followed'];
  footprints: Footprint[];
  techniques: TechniqueFact[];
  iocs: Iocs;
  chart: ChartData;
  coverage: Coverage[];
  /**
   * Three to five plain sentences (what happened, to whom, what the attacker gained, whether it is contained, what
   * to do now), each with its records and claims; the alert list follows them in the rendered report.
   */
  executive_summary: Sentence[];
  /** Sentences, each from facts above, with the records they rest on and the claims they make about them. */
  impact: Sentence[];
  detection: Sentence[];
  /** `taken`: what premortem contain did, from its trail in the workspace (empty when nothing was done). */
  response: { containment: string[]; eradication: string[]; recovery: string[]; taken: ResponseTaken[] };
  lessons: { findings: string[]; recommendations: string[]; source_note: string };
  evidence: EvidenceRow[];
  /** The premortem questions answered for the workspace (premortem readiness), when the caller measured them. */
  readiness?: ReadinessFacts;
}
