/**
 * The report's readiness section on the seed-003 tenant: the same figures `premortem readiness` computes (source
 * counts, dates, coverage counts, times to detect, score), in HTML and Markdown; and attacker-controlled text
 * reaching the section (a tampering actor, an action naming an app) escaped in both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Seed003, seed003Workspace } from '../../test/seed-003.js';
import { buildIncidents } from '../investigate/incidents.js';
import { assessReadiness, type ReadinessReport } from '../readiness/report.js';
import { buildIncidentReport } from './build-report.js';
import { renderReport } from './render.js';
import type { IncidentReport } from './report-model.js';
import { readinessFacts, readinessHtml, readinessMarkdown } from './report-readiness.js';

const NOW = Date.parse('2025-10-03T00:00:00Z');
let demo: Seed003;
let readiness: ReadinessReport;
let report: IncidentReport;
beforeAll(async () => {
  demo = await seed003Workspace();
  readiness = await assessReadiness(demo.ws, { now: NOW });
  const [incident] = await buildIncidents(demo.ws);
  if (!incident) throw new Error('seed 003 raised no incident');
  report = await buildIncidentReport(demo.ws, incident, { readiness, now: new Date(NOW) });
}, 600_000);
afterAll(() => demo?.cleanup());

describe('the readiness section of the incident report', () => {
  it('states the readiness figures of the workspace', () => {
    const f = report.readiness;
    expect(f).toBeDefined();
    expect(f?.score).toBe(readiness.score.score);
    const interactive = f?.sources.find((s) => s.label === 'interactive sign-ins');
    expect(interactive).toMatchObject({
      held: 54277,
      earliest: '2025-09-02T00:07:36.000Z',
      latest: '2025-10-02T23:58:45.000Z',
      loss_date: '2025-10-09T23:58:45.000Z',
      lost: null,
    });
    const k = readiness.howDoWeKnow.counts;
    expect(f?.coverage).toMatchObject({ covered: k.covered, blind: k['covered-but-blind'], uncovered: k.uncovered });
    // seed 003 sends no non-interactive sign-ins and no unified audit log: techniques that need them are blind.
    expect(f?.blind.flatMap((b) => b.missing)).toEqual(expect.arrayContaining(['ual:mail-items-accessed']));
    expect(f?.gaps).toContain(
      'signins:interactive: no events 2025-09-02 01:00 to 2025-09-02 05:00 (4 h) where ~' +
        `${readiness.howFarBack.gaps[0]?.expected} were due`,
    );
    const spray = f?.scenarios.find((s) => s.title.startsWith('Seed 003'));
    expect(spray?.typical_s).toBe(readiness.howFast.scenarios[0]?.firstAlertTypicalS);
    expect(spray?.typical_s).toBeGreaterThan(0);
    // No configuration snapshot in this workspace: the keys part says so instead of inventing figures.
    expect(f?.credentials).toBeNull();
  });

  it('renders in HTML and Markdown with the figures, and is left out when not measured', async () => {
    const htmlText = renderReport([report], 'html');
    expect(htmlText).toContain('data-section="readiness"');
    expect(htmlText).toContain(`Readiness score <strong>${readiness.score.score}/100</strong>`);
    expect(htmlText).toContain('<td>interactive sign-ins</td><td>54277</td><td>2025-09-02 00:07</td>');
    const mdText = renderReport([report], 'md');
    expect(mdText).toContain('## Readiness: how far back, how do we know, how fast');
    expect(mdText).toContain('| interactive sign-ins | 54277 | 2025-09-02 00:07 | 2025-10-02 23:58 |');
    expect(htmlText).toContain('<h3>Keys and credentials</h3>');
    expect(mdText).toContain('No snapshot of applications and service principals: run premortem collect --config.');
    const [incident] = await buildIncidents(demo.ws);
    const without = await buildIncidentReport(demo.ws, incident as NonNullable<typeof incident>);
    expect(without.readiness).toBeUndefined();
    expect(renderReport([without], 'html')).not.toContain('data-section="readiness"');
  });

  it('escapes attacker-controlled text in the section', () => {
    const evil = '<img src=x onerror=alert(1)>|**x**';
    const hostile: ReadinessReport = {
      ...readiness,
      blindSpots: {
        stopped: [],
        tampering: [
          {
            kind: 'ual-ingestion-disabled',
            severity: 'high',
            title: 'Unified audit log ingestion switched off',
            at: '2025-10-01T00:00:00.000Z',
            actor: evil,
            target: null,
            evidence: { table: 'activities', uid: 'u1' },
            verified: true,
          },
        ],
      },
      actions: [{ ...(readiness.actions[0] as ReadinessReport['actions'][number]), text: `Rotate ${evil}` }],
      credentials: {
        ...readiness.credentials,
        counts: {
          total: 1,
          'expired-present': 0,
          'long-lifetime': 1,
          'never-rotated': 0,
          'privileged-secret': 0,
          'foreign-app-credential': 0,
          'never-used': 0,
          unused: 0,
        },
        rotateFirst: [hostileCredential(evil)],
        all: [hostileCredential(evil)],
        lastUse: null,
      },
    };
    const f = readinessFacts(hostile);
    expect(f.credentials?.first[0]).toContain(evil);
    expect(f.credentials?.last_use).toBe('last use unknown (needs appCredentialSignInActivities, P1)');
    const h = readinessHtml(f);
    expect(h).not.toContain('<img');
    expect(h).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const m = readinessMarkdown(f).join('\n');
    expect(m).not.toContain('<img');
    expect(m).not.toContain('|**x**');
  });
});

/** A credential row whose app name is attacker-controlled (an app's display name is whatever its creator typed). */
function hostileCredential(name: string): ReadinessReport['credentials']['all'][number] {
  return {
    owner: 'application',
    objectId: 'a1',
    appId: 'app-1',
    displayName: name,
    kind: 'secret',
    keyId: 'k1',
    usage: undefined,
    start: '2024-01-01T00:00:00.000Z',
    end: '2027-01-01T00:00:00.000Z',
    ageDays: 641,
    lifetimeDays: 1096,
    daysToExpiry: 456,
    lastUse: 'unknown',
    lastUsed: null,
    unusedDays: null,
    privileges: [],
    issues: ['long-lifetime'],
    priority: 47,
    action: 'rotate; keep lifetime under 180 days',
  };
}
