import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './schema.js';

const hashOf = (version: number): string => {
  const m = MIGRATIONS.find((x) => x.version === version);
  if (!m) throw new Error(`no migration ${version}`);
  return createHash('sha256').update(m.statements.join('\u0000')).digest('hex');
};

describe('released migrations', () => {
  it('keep their text byte for byte where they share the risk_detections Graph SELECT (5 and 100)', () => {
    // Hashes taken from the migrations as released, before the SELECT became one constant.
    expect(hashOf(5)).toBe('8f28591e1edb2c40f239bcd6cebd76bab525a785bf05bfe2852920f4f3f0b8df');
    expect(hashOf(100)).toBe('16d4f02b543ad5d171fc3289f71dcedb302c2099e94a25e788771ee8e92d02ef');
  });

  it('use version numbers once each', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
  });
});
