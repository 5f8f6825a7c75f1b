/**
 * Probe group 2: the 90-day cap on exceptions could be bypassed (--max-days 36500, max_days: 9999999), and an
 * exception created in 2099 counted as valid today. max_days has a ceiling in code; a future one is not in force.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../workspace.js';
import { premortem } from './cli.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

const ADD = [
  'exceptions',
  'add',
  '--control',
  'PM-001',
  '--user',
  'ceo@contoso-probe.com',
  '--reason',
  'the invoicing app cannot do MFA yet',
  '--owner',
  'it-lead',
  '--approver',
  'ciso',
  '--compensating',
  'alert on every sign-in',
];

function register(ws: string, entry: Record<string, unknown>): void {
  mkdirSync(ws, { recursive: true });
  const lines = Object.entries(entry).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  writeFileSync(join(ws, 'exceptions.yaml'), `exceptions:\n  - ${lines.join('\n').trimStart()}\n`);
}

const ENTRY = {
  id: 'EXC-001',
  control: 'PM-001',
  subjects: { users: ['ceo@contoso-probe.com'] },
  reason: 'the invoicing app cannot do MFA yet',
  owner: 'it-lead',
  approver: 'ciso',
  compensating_controls: ['alert on every sign-in'],
};

describe('probe: the exceptions ceiling', () => {
  it('exceptions add refuses --max-days beyond the ceiling', () => {
    const ws = join(dir, 'ws-add');
    const r = premortem(['--workspace', ws, ...ADD, '--days', '36500', '--max-days', '36500']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-days 36500 is more than 365 days/);
  });

  it('a register stating max_days: 9999999 is an input error naming the file', () => {
    const ws = join(dir, 'ws-file');
    register(ws, { ...ENTRY, created: '2026-01-01', expires: '2026-03-01', max_days: 9999999 });
    const r = premortem(['--workspace', ws, 'exceptions', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exceptions\.yaml/);
    expect(r.stderr).toMatch(/max_days is at most 365/);
  });

  it('an exception created in the future is not in force today', () => {
    const ws = join(dir, 'ws-future');
    register(ws, { ...ENTRY, created: '2099-01-01', expires: '2099-03-31' });
    const r = premortem(['--workspace', ws, '--json', 'exceptions', 'list']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; state: string }[];
    expect(rows).toEqual([expect.objectContaining({ id: 'EXC-001', state: 'not-started' })]);
  });
});
