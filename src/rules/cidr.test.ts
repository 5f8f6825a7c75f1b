import { describe, expect, it } from 'vitest';
import { parseCidr } from './cidr.js';

describe('parseCidr', () => {
  it('IPv4 networks, host bits masked', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ version: 4, first: 167772160n, last: 184549375n });
    expect(parseCidr('10.1.2.3/8')).toEqual(parseCidr('10.0.0.0/8'));
    expect(parseCidr('203.0.113.7')).toEqual({ version: 4, first: 3405803783n, last: 3405803783n });
    expect(parseCidr('0.0.0.0/0')).toEqual({ version: 4, first: 0n, last: 4294967295n });
  });

  it('IPv6 networks with :: compression', () => {
    const n = parseCidr('2001:db8::/32');
    expect(n?.version).toBe(6);
    expect(n?.first).toBe(0x20010db8n << 96n);
    expect(n?.last).toBe((0x20010db8n << 96n) | ((1n << 96n) - 1n));
    expect(parseCidr('::1')).toEqual({ version: 6, first: 1n, last: 1n });
  });

  it.each([
    '10.0.0.0/33',
    '256.0.0.1',
    '1.2.3',
    'fe80::1::2',
    'zz::/8',
    '10.0.0.0/8/1',
    '10.0.0.0/x',
    '',
  ])('rejects %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});
