import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_RULE_FILES } from '../../test/core-rules.js';
import { type BurstWorkspace, burstWorkspace } from '../../test/scenario-burst.js';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { buildIncidents } from '../investigate/incidents.js';
import { buildIncidentReport } from './build-report.js';
import { checkClaims, checkTimeline, reportSentences } from './claim-check.js';
import type { IncidentReport, Sentence } from './report-model.js';

// Every sentence of the executive summary cites its records and states claims about them; the checker reads the
// records again and must agree with the report on both seed stories, and disagree with a deliberately wrong one.
describe('claims of the executive summary', () => {
  let seed: Seed003;
  let burst: BurstWorkspace;
  let report: IncidentReport;
  let burstReport: IncidentReport;
  beforeAll(async () => {
    seed = await seed003Workspace(1, CORE_RULE_FILES);
    const [incident] = await buildIncidents(seed.ws);
    if (!incident) throw new Error('no incident');
    report = await buildIncidentReport(seed.ws, incident, { now: new Date('2030-01-01T00:00:00Z') });
    burst = await burstWorkspace(1, CORE_RULE_FILES);
    const [b] = await buildIncidents(burst.ws);
    if (!b) throw new Error('no burst incident');
    burstReport = await buildIncidentReport(burst.ws, b, { now: new Date('2030-01-01T00:00:00Z') });
  }, 1_200_000);
  afterAll(() => {
    seed?.cleanup();
    burst?.cleanup();
  });

  it('is three to five sentences, each claim borne out by its records', async () => {
    for (const r of [report, burstReport]) {
      expect(r.executive_summary.length).toBeGreaterThanOrEqual(3);
      expect(r.executive_summary.length).toBeLessThanOrEqual(5);
    }
    expect(await checkClaims(seed.ws, report.executive_summary)).toEqual([]);
    expect(await checkClaims(burst.ws, burstReport.executive_summary)).toEqual([]);
  });

  it('bears out every sentence of impact and detection, and every timeline line, on both stories', async () => {
    for (const [ws, r] of [
      [seed.ws, report],
      [burst.ws, burstReport],
    ] as const) {
      const all = reportSentences(r);
      expect(all.length).toBe(r.executive_summary.length + r.impact.length + r.detection.length);
      // The sentences that find something cite their records; only statements of absence cite none.
      for (const s of [...r.impact, ...r.detection])
        if (s.uids.length === 0)
          expect(s.text).toMatch(/none recorded|cannot be assessed|^No response|^premortem raised/);
      expect(all.some((s) => s.claims.some((c) => c.kind === 'names') && r.impact.includes(s))).toBe(true);
      expect(await checkClaims(ws, all)).toEqual([]);
      expect(await checkTimeline(ws, r.timeline)).toEqual([]);
    }
  });

  it('fails on a wrong impact sentence and on a timeline line whose record is outside its times', async () => {
    const privileged = report.impact.find((s) => s.text.startsWith('Privileged access:')) as Sentence;
    expect(privileged.claims.map((c) => c.kind)).toEqual(['at', 'names', 'names']);
    const wrong: Sentence = {
      ...privileged,
      text: privileged.text.replace(seed.truth.compromisedUser.userPrincipalName, 'a.nother@contoso-demo.com'),
      claims: privileged.claims.map((c) =>
        c.kind === 'names' && c.value === seed.truth.compromisedUser.userPrincipalName
          ? { ...c, value: 'a.nother@contoso-demo.com' }
          : c.kind === 'at'
            ? { ...c, minute: '2025-09-01 00:00' }
            : c,
      ),
    };
    const failures = await checkClaims(seed.ws, [wrong]);
    expect(failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/is at .*, not 2025-09-01 00:00/),
      expect.stringMatching(/does not name a.nother@contoso-demo.com/),
    ]);
    const line = report.timeline.find((e) => e.kind === 'alert' && e.evidence.uids.length > 0);
    if (!line) throw new Error('no alert line');
    const moved = { ...line, start: '2020-01-01T00:00:00Z', end: '2020-01-01T00:00:00Z' };
    expect((await checkTimeline(seed.ws, [moved]))[0]?.reason).toMatch(/outside 2020-01-01 00:00/);
    const uncited = { ...line, evidence: { ...line.evidence, uids: [] } };
    expect((await checkTimeline(seed.ws, [uncited]))[0]?.reason).toBe('the line cites no record');
    const elsewhere = { ...line, evidence: { ...line.evidence, table: 'activities' as const } };
    expect((await checkTimeline(seed.ws, [elsewhere]))[0]?.reason).toMatch(/is not in activities/);
  });

  it('names the attacker’s real first success (SMTP from the spraying address), not the executive’s office sign-in', () => {
    const first = report.executive_summary[0] as Sentence;
    expect(first.uids).toEqual([seed.truth.signInIds.legacySuccess]);
    expect(first.text).toContain(`from ${seed.truth.takeoverIp}`);
    expect(first.claims.map((c) => c.kind)).toEqual(expect.arrayContaining(['from-address', 'first-success']));
    const marker = report.chart.markers.find((m) => m.label.startsWith('first attacker success'));
    expect(marker?.label).toBe(
      `first attacker success: ${seed.truth.compromisedUser.userPrincipalName} from ${seed.truth.takeoverIp}`,
    );
  });

  it('fails on a deliberately wrong sentence: the office sign-in called the first success from an attacker address', async () => {
    const ips = report.iocs.ips.map((i) => i.ip);
    const office = await seed.ws.one<{ uid: string }>(
      `SELECT uid FROM signins WHERE user_principal_name = $1 AND error_code = 0 ORDER BY created_at LIMIT 1`,
      [seed.truth.compromisedUser.userPrincipalName],
    );
    const uid = office?.uid ?? '';
    const wrong: Sentence = {
      text: `The first successful sign-in from an attacker address was ${seed.truth.compromisedUser.userPrincipalName}.`,
      uids: [uid],
      claims: [
        { kind: 'from-address', uid, ips },
        { kind: 'first-success', uid, ips },
        { kind: 'names', table: 'signins', uid, value: 'Octiga Cloud Security' },
      ],
    };
    const failures = await checkClaims(seed.ws, [wrong]);
    expect(failures.map((f) => f.claim.kind)).toEqual(['from-address', 'first-success', 'names']);
    expect(failures[0]?.reason).toMatch(/not an attacker address/);
    // A true claim about a record the sentence does not cite is refused as well.
    const uncited = await checkClaims(seed.ws, [{ ...wrong, uids: [], claims: [{ kind: 'from-address', uid, ips }] }]);
    expect(uncited[0]?.reason).toMatch(/does not cite/);
  });
});
