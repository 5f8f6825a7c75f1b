import { describe, expect, it } from 'vitest';
import { Rng } from './random.js';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe('Rng', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draw(new Rng(42), 50)).toEqual(draw(new Rng(42), 50));
    expect(draw(new Rng(42), 50)).not.toEqual(draw(new Rng(43), 50));
  });

  it('gives the reference mulberry32 values (changing the algorithm changes every demo file)', () => {
    // From the canonical mulberry32 (Tommy Ettinger's, as published), run separately with seed 1.
    expect(draw(new Rng(1), 3)).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('derives forks from the seed and label only, not from draws already made', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draw(b, 1000);
    expect(draw(a.fork('tenant'), 20)).toEqual(draw(b.fork('tenant'), 20));
    expect(draw(a.fork('tenant'), 20)).not.toEqual(draw(a.fork('tenant2'), 20));
  });

  it('keeps int() within both bounds and reaches them', () => {
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(-2, 3);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(3);
      seen.add(v);
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('formats uuids as version 4 with the RFC 4122 variant', () => {
    const rng = new Rng(9);
    const ids = Array.from({ length: 500 }, () => rng.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(500);
  });

  it('weights picks: a weight-0 item never comes out, a heavy one dominates', () => {
    const rng = new Rng(11);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 3000; i++)
      counts[
        rng.weighted([
          ['a', 9],
          ['b', 1],
          ['c', 0],
        ] as const)
      ]++;
    expect(counts.c).toBe(0);
    expect(counts.a).toBeGreaterThan(counts.b * 5);
  });

  it('samples distinct elements and shuffles without losing any', () => {
    const rng = new Rng(5);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const sample = rng.sample(items, 30);
    expect(new Set(sample).size).toBe(30);
    expect(rng.shuffle(items).sort((x, y) => x - y)).toEqual(items);
  });
});
