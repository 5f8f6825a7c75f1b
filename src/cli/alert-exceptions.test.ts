import { describe, expect, it } from 'vitest';
import type { Alert } from '../detect/alert.js';
import { renderAlertTable } from '../detect/alert-table.js';
import { rulesForException } from '../posture/compensating.js';
import type { ExceptionEntry } from '../posture/exceptions/schema.js';
import { withExceptions } from './alert-exceptions.js';

// Alerts on identities a valid exception covers say so, and name the compensating detections generated for it.
const entry: ExceptionEntry = {
  id: 'EXC-007',
  control: 'PM-001',
  subjects: { users: ['J.Tan@contoso-demo.com'], groups: [], service_principals: [], apps: [], other: [] },
  reason: 'legacy invoicing app',
  owner: 'finance-it',
  approver: 'ciso',
  created: '2025-09-10',
  expires: '2025-10-10',
  compensating_controls: ['alert on every sign-in'],
  allowed_ips: ['192.0.2.0/24'],
};
const alert = (users: string[], tags: string[] = []): Alert => ({
  id: `a-${users.join('-')}`,
  rule_id: 'r1',
  title: 'Successful sign-in over a legacy mail protocol',
  severity: 'medium',
  first_seen: '2025-09-25T21:21:04Z',
  last_seen: '2025-09-25T21:21:04Z',
  entities: { users, service_principals: [], ips: ['203.0.113.57'], apps: [] },
  evidence: [],
  objects: [],
  tags,
  summary: 'signed in successfully',
  event_count: 1,
});
const NOW = new Date('2025-09-26T00:00:00Z');

describe('alerts on excepted identities', () => {
  it('name the valid exception and its compensating detections, in JSON and in the table', () => {
    const [covered, other] = withExceptions(
      [alert(['j.tan@contoso-demo.com']), alert(['j.tan@contoso-demo.com', 'k.toh@contoso-demo.com'])],
      [entry],
      NOW,
    );
    const generated = rulesForException(entry).map((r) => ({
      id: String(r.documents[0]?.id),
      title: String(r.documents[0]?.title),
    }));
    expect(generated.length).toBeGreaterThan(0);
    expect(covered?.exception).toEqual({
      id: 'EXC-007',
      control: 'PM-001',
      expires: '2025-10-10',
      compensating_controls: ['alert on every sign-in'],
      compensating_rules: generated,
    });
    // An alert that also names someone the exception does not cover is not excused.
    expect(other?.exception).toBeUndefined();
    const table = renderAlertTable([covered as Alert, other as Alert], (s) => s);
    expect(table).toContain(
      `  covered by exception EXC-007 (PM-001, until 2025-10-10): compensating detections ${generated[0]?.title} (${generated[0]?.id})`,
    );
    expect(table.match(/covered by exception/g)).toHaveLength(1);
  });

  it('do not cover an expired exception, nor the compensating detections’ own alerts', () => {
    expect(
      withExceptions([alert(['j.tan@contoso-demo.com'])], [entry], new Date('2025-11-01T00:00:00Z'))[0]?.exception,
    ).toBeUndefined();
    const own = alert(['j.tan@contoso-demo.com'], ['premortem.exception']);
    expect(withExceptions([own], [entry], NOW)[0]?.exception).toBeUndefined();
  });
});
