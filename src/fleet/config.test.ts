import { describe, expect, test } from 'vitest';
import { PremortemError } from '../core/errors.js';
import { parseFleet } from './config.js';

const file = '/fleets/msp/fleet.yaml';

function error(text: string): PremortemError {
  try {
    parseFleet(text, file);
  } catch (err) {
    if (err instanceof PremortemError) return err;
    throw err;
  }
  throw new Error('parsed');
}

describe('fleet.yaml', () => {
  test('tenants get their workspace beside the file, the default schedule and the defaults section', () => {
    const fleet = parseFleet(
      `defaults:
  schedule: { collect: 5m }
  since: 7d
tenants:
  - id: 8f3c2a10-5b7e-4c1d-9a6f-2e4b8d0c7a19
    name: Contoso
    client_id: b1f0e6d2-3c4a-4e8f-9d7b-6a5c4b3a2f10
    secret_env: CONTOSO_SECRET
  - id: fabrikam.example
    name: Fabrikam
    token_env: FABRIKAM_TOKEN
    workspace: /data/fabrikam
    schedule: { assess: 12h }
    endpoints: [signIns, directoryAudits]
`,
      file,
    );
    const [contoso, fabrikam] = fleet.tenants;
    expect(contoso).toMatchObject({
      workspace: '/fleets/msp/tenants/8f3c2a10-5b7e-4c1d-9a6f-2e4b8d0c7a19',
      secretEnv: 'CONTOSO_SECRET',
      sinceMs: 7 * 86_400_000,
      schedule: { collect: 300_000, detect: 900_000, assess: 86_400_000, readiness: 86_400_000 },
    });
    expect(fabrikam).toMatchObject({
      workspace: '/data/fabrikam',
      schedule: { collect: 300_000, assess: 43_200_000 },
      endpoints: ['signIns', 'directoryAudits'],
    });
  });

  test.each([
    ['a tenant without credentials', 'tenants:\n  - { id: a.example, name: A }', /token_env, or client_id/],
    [
      'a secret without its app',
      'tenants:\n  - { id: a.example, name: A, secret_env: S }',
      /client_id: secret_env and certificate need client_id/,
    ],
    [
      'an unknown key (a secret written in the file)',
      'tenants:\n  - { id: a.example, name: A, token_env: T, secret: x }',
      /Unrecognized key/,
    ],
    [
      'a bad schedule',
      'tenants:\n  - { id: a.example, name: A, token_env: T, schedule: { collect: often } }',
      /schedule.collect/,
    ],
    [
      'an unknown endpoint',
      'tenants:\n  - { id: a.example, name: A, token_env: T, endpoints: [signins] }',
      /unknown endpoint signins/,
    ],
    ['a tenant id that is not one', 'tenants:\n  - { id: "../x", name: A, token_env: T }', /tenants.0.id/],
    ['no tenants', 'tenants: []', /tenants/],
  ])('refuses %s, naming the file and the field', (_, text, message) => {
    const e = error(text);
    expect(e.code).toBe('input-malformed');
    expect(e.message).toMatch(message);
    expect(e.where()).toContain(file);
  });

  test('refuses a tenant listed twice and two tenants sharing a workspace: their data would mix', () => {
    const entry = (id: string, ws: string) => `  - { id: ${id}, name: X, token_env: T, workspace: ${ws} }`;
    expect(error(['tenants:', entry('a.example', 'a'), entry('A.example', 'b')].join('\n')).message).toMatch(
      /listed twice/,
    );
    expect(error(['tenants:', entry('a.example', 'same'), entry('b.example', 'same')].join('\n')).message).toMatch(
      /share the workspace/,
    );
  });
});
