import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/workspace.js';
import { PremortemError } from '../../core/errors.js';
import { addException, expireException, readRegister } from './register.js';
import { exceptionState } from './schema.js';

let dir: { dir: string; cleanup: () => void };
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = join(dir.dir, 'exceptions.yaml');
});
afterEach(() => dir.cleanup());

const NOW = new Date('2025-09-10T02:00:00Z');
const cfo = {
  control: 'ca-exclusion:5d1f7c3a-2b8e-4e6f-9a40-1c7d3e9b2f61',
  subjects: { users: ['j.tan@contoso-demo.com'], groups: [], service_principals: [], apps: [], other: [] },
  reason: 'InvoiceFlow Mobile cannot do modern auth; vendor fix due in October',
  owner: 'finance-it@contoso-demo.com',
  approver: 'ciso@contoso-demo.com',
  compensating_controls: ['alert on every sign-in', 'sign-ins only from the Singapore office'],
  allowed_ips: ['192.0.2.10/32'],
};

function thrown(fn: () => unknown): PremortemError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PremortemError) return err;
    throw err;
  }
  throw new Error('expected a PremortemError');
}

describe('exceptions register', () => {
  it('adds an exception with an id, a creation date and an expiry, and reads it back', () => {
    const e = addException(file, { ...cfo, days: 30, now: NOW });
    expect(e).toMatchObject({ id: 'EXC-001', created: '2025-09-10', expires: '2025-10-10' });
    const second = addException(file, { ...cfo, days: 7, now: NOW });
    expect(second.id).toBe('EXC-002');
    const read = readRegister(file);
    expect(read.map((x) => x.id)).toEqual(['EXC-001', 'EXC-002']);
    expect(read[0]?.subjects.users).toEqual(['j.tan@contoso-demo.com']);
    expect(readFileSync(file, 'utf8')).toContain('# premortem exceptions register');
  });

  it('caps an exception at 90 days unless --max-days says otherwise', () => {
    const err = thrown(() => addException(file, { ...cfo, days: 120, now: NOW }));
    expect(err.code).toBe('usage');
    expect(err.hint).toContain('--max-days 120');
    const long = addException(file, { ...cfo, days: 120, max_days: 120, now: NOW });
    expect(long.expires).toBe('2026-01-08');
  });

  it('expires an exception now, keeping it in the register as history', () => {
    addException(file, { ...cfo, days: 30, now: NOW });
    const later = new Date('2025-09-20T08:30:00Z');
    const ended = expireException(file, 'EXC-001', later);
    expect(ended.expires).toBe('2025-09-20T08:30:00Z');
    const [e] = readRegister(file);
    expect(e && exceptionState(e, new Date('2025-09-20T08:31:00Z'))).toBe('expired');
    expect(e && exceptionState(e, new Date('2025-09-20T08:29:00Z'))).toBe('valid');
    expect(() => expireException(file, 'EXC-404', later)).toThrow(/no exception EXC-404/);
  });

  it.each([
    ['a one-letter reason', { reason: 'x' }, '--reason: say why, in a sentence'],
    ['no subject', { subjects: { users: [], groups: [], service_principals: [], apps: [], other: [] } }, '--user'],
    ['a malformed address', { allowed_ips: ['not an address'] }, '--allowed-ip: use an address or CIDR range'],
  ])('refuses %s by the flag it came from, and writes nothing', (_what, change, message) => {
    addException(file, { ...cfo, days: 30, now: NOW });
    const before = readFileSync(file, 'utf8');
    const err = thrown(() => addException(file, { ...cfo, ...change, days: 30, now: NOW }));
    expect(err.code).toBe('usage');
    expect(err.message).toContain(message);
    expect(err.message).not.toContain('exceptions.yaml');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(addException(file, { ...cfo, days: 30, now: NOW }).id).toBe('EXC-002');
  });

  it('is unapproved without an approver, whatever the dates', () => {
    const { approver: _a, ...unapproved } = cfo;
    addException(file, { ...unapproved, days: 30, now: NOW });
    const [e] = readRegister(file);
    expect(e && exceptionState(e, NOW)).toBe('unapproved');
  });

  it.each([
    [
      'a missing compensating control',
      'compensating_controls: []',
      5,
      'compensating_controls: an exception needs at least one compensating control',
    ],
    ['an expiry beyond the cap', 'expires: 2026-03-01', 10, 'exceptions[0].expires: lasts 172 days, more than 90'],
    ['an unknown field', 'approved: yes', 11, 'exceptions[0].approved: Unrecognized key'],
    ['a bad control', 'control: MFA', 3, 'exceptions[0].control: use a check id (PM-001) or ca-exclusion:<policy id>'],
    ['no subjects', 'subjects: { users: [] }', 4, 'name at least one subject'],
  ])('rejects %s with the file, line and field', (_name, replacement, line, message) => {
    const key = replacement.split(':')[0] as string;
    const base = [
      'exceptions:',
      '  - id: EXC-001',
      '    control: PM-001',
      '    subjects: { users: [j.tan@contoso-demo.com] }',
      '    compensating_controls: [alert on every sign-in]',
      '    reason: InvoiceFlow Mobile cannot do modern auth',
      '    owner: finance-it',
      '    approver: ciso',
      '    created: 2025-09-10',
      '    expires: 2025-10-10',
    ];
    const i = base.findIndex((l) => l.trim().startsWith(`${key}:`));
    if (i >= 0) base[i] = `    ${replacement}`;
    else base.push(`    ${replacement}`);
    writeFileSync(file, `${base.join('\n')}\n`);
    const err = thrown(() => readRegister(file));
    expect(err.code).toBe('input-malformed');
    expect(err.message).toContain(`${file}:${line}:`);
    expect(err.message).toContain(message);
    expect(err.source.file).toBe(file);
  });

  it('reports YAML syntax errors with their line', () => {
    writeFileSync(file, 'exceptions:\n  - id: EXC-001\n    control: [unclosed\n');
    const err = thrown(() => readRegister(file));
    expect(err.message).toMatch(/exceptions\.yaml:\d+:\d+: YAML syntax/);
  });
});
