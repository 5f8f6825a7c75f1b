import { describe, expect, test } from 'vitest';
import { emptyCheckpoint } from './checkpoints.js';
import { planRanges } from './window.js';

const H = 3_600_000;
const D = 24 * H;
const base = { sinceMs: 30 * D, sinceExplicit: false, overlapMs: 10 * 60_000, sliceMs: 7 * D };
const cp = (over: Partial<ReturnType<typeof emptyCheckpoint>>) => ({ ...emptyCheckpoint('t', 'e'), ...over });

describe('time ranges of a pass', () => {
  test('first pass: since ago to now, in slices of at most a week, oldest first', () => {
    const now = 100 * D;
    const r = planRanges(cp({}), { ...base, now });
    expect(r[0]).toEqual({ from: 70 * D, to: 77 * D });
    expect(r.at(-1)).toEqual({ from: 98 * D, to: 100 * D });
    expect(r).toHaveLength(5);
  });

  test('next pass: from the covered end minus the overlap', () => {
    const r = planRanges(cp({ coveredFrom: 70 * D, coveredUntil: 100 * D }), { ...base, now: 100 * D + 30_000 });
    expect(r).toEqual([{ from: 100 * D - 10 * 60_000, to: 100 * D + 30_000 }]);
  });

  test('a half-read range is finished first, from its start to its oldest stored event, then the pass goes on', () => {
    const r = planRanges(
      cp({ coveredUntil: 90 * D, pendingFrom: 90 * D - 600_000, pendingUntil: 97 * D, pendingOldest: 95 * D }),
      { ...base, now: 100 * D },
    );
    expect(r[0]).toEqual({ from: 90 * D - 600_000, to: 95 * D, completes: 97 * D });
    expect(r[1]).toEqual({ from: 97 * D - 600_000, to: 100 * D });
  });

  test('--since further back than what is covered reads back that far', () => {
    const c = cp({ coveredFrom: 93 * D, coveredUntil: 100 * D });
    expect(planRanges(c, { ...base, now: 100 * D, sinceMs: 14 * D, sinceExplicit: true })[0]?.from).toBe(86 * D);
    expect(planRanges(c, { ...base, now: 100 * D, sinceMs: 3 * D, sinceExplicit: true })[0]?.from).toBe(
      100 * D - 10 * 60_000,
    );
  });
});
