import { describe, expect, it } from 'vitest';
import type { Alert } from '../detect/alert.js';
import type { AlertWithActors } from './incident-model.js';
import { groupAlerts } from './incidents.js';

function alert(
  id: string,
  first: string,
  entities: Partial<Alert['entities']>,
  actors: Partial<AlertWithActors['actors']> = {},
): AlertWithActors {
  return {
    alert: {
      id,
      rule_id: 'r',
      title: id,
      severity: 'high',
      first_seen: first,
      last_seen: first,
      entities: { users: [], service_principals: [], ips: [], apps: [], ...entities },
      evidence: [],
      objects: [],
      tags: [],
      summary: '',
      event_count: 1,
    },
    actors: { users: [], service_principals: [], ...actors },
  };
}

const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}@contoso.example`);
const ids = (groups: AlertWithActors[][]) => groups.map((g) => g.map((a) => a.alert.id).sort()).sort();

describe('groupAlerts', () => {
  it('joins sprays from different addresses against the same list, and the success from one of them', () => {
    const list = many('u', 40);
    const groups = groupAlerts([
      alert('spray-a', '2025-09-02T00:00:00Z', { ips: ['203.0.113.1'], users: list }),
      alert('spray-b', '2025-09-02T01:00:00Z', { ips: ['203.0.113.2'], users: list.slice(5) }),
      alert(
        'success',
        '2025-09-03T00:00:00Z',
        { ips: ['203.0.113.2'], users: ['u1@contoso.example'] },
        { users: ['u1@contoso.example'] },
      ),
    ]);
    expect(ids(groups)).toEqual([['spray-a', 'spray-b', 'success']]);
  });

  it('keeps apart alerts that share only a sprayed account, or an address more than a week apart', () => {
    const groups = groupAlerts([
      alert('spray', '2025-09-02T00:00:00Z', { ips: ['203.0.113.1'], users: many('u', 40) }),
      alert('other', '2025-09-02T02:00:00Z', { ips: ['198.51.100.9'], users: ['u3@contoso.example'] }),
      alert('later', '2025-09-20T00:00:00Z', { ips: ['203.0.113.1'] }),
    ]);
    expect(ids(groups)).toEqual([['later'], ['other'], ['spray']]);
  });

  it('links an account to the application it changed (a secret added), through a change edge', () => {
    const a = alert(
      'success',
      '2025-09-17T02:00:00Z',
      { ips: ['198.51.100.150'] },
      { users: ['h.robinson@contoso.example'] },
    );
    const b = alert(
      'role',
      '2025-09-18T09:00:00Z',
      { users: ['guest@contoso.example'] },
      { service_principals: ['Contoso Data Sync'] },
    );
    expect(ids(groupAlerts([a, b]))).toEqual([['role'], ['success']]);
    expect(ids(groupAlerts([a, b], [['h.robinson@contoso.example', 'Contoso Data Sync']]))).toEqual([
      ['role', 'success'],
    ]);
  });
});
