import { describe, expect, it } from 'vitest';
import { REDUCED_GRID } from './grid.js';
import { runSweep, scoreTable } from './run-sweep.js';

// The reduced grid of the detection-envelope sweep (the full one: npm run bench -- --sweep). Every rule must
// catch every variant inside its stated envelope, and nothing may fire on the benign look-alikes.
describe('detection envelopes (reduced sweep)', () => {
  it('catch every variant inside each rule’s envelope and stay quiet on the look-alikes', async () => {
    const { variants, scores } = await runSweep(REDUCED_GRID);
    const missed = variants.flatMap((v) => v.inside.filter((r) => !v.fired.includes(r)).map((r) => `${r}: ${v.label}`));
    expect(missed).toEqual([]);
    const noisy = variants.filter((v) => v.spec.kind === 'benign' && v.fired.length > 0);
    expect(noisy.map((v) => `${v.label}: ${v.fired.join(', ')}`)).toEqual([]);
    // The low-and-slow attack: its first day alone alerts, and the success 2.5 days later alerts.
    const lowSlow = variants[0];
    expect(lowSlow?.fired).toEqual(
      expect.arrayContaining(['brute-force-account-distributed', 'success-after-brute-force']),
    );
    expect(variants[1]?.fired).toContain('brute-force-account-distributed');
    // Every envelope has variants inside it in this grid, so recall is measured, not vacuous.
    for (const s of scores.filter((x) => x.insideTotal > 0 || x.rule.startsWith('success-after'))) {
      expect(s.insideTotal, s.rule).toBeGreaterThan(0);
    }
    expect(scoreTable(scores)).toMatch(/\| brute-force-account-distributed \| 1\.00 /);
  }, 300_000);
});
