/**
 * A small seeded pseudo-random generator (mulberry32) and the helpers the simulator needs.
 *
 * Why not Math.random: the demo, the tests and the benchmarks must get byte-identical files for a seed.
 * Why forks: each part of the simulation draws from its own stream (`rng.fork('ordinary-signins')`), keyed by the
 * seed and a label only, so adding a scenario or an extra draw in one part never shifts the events of another.
 */
export class Rng {
  private state: number;

  /** A generator for `seed` (any 32-bit integer; other numbers are truncated to 32 bits). */
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream derived from this generator's seed and `label`, not from its current state. */
  fork(label: string): Rng {
    return new Rng(mix32(this.seed, label));
  }

  /** The next 32-bit unsigned integer (mulberry32: passes the usual statistical tests, 4 lines, fast). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element, chosen with the given relative weights (same length as items). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new RangeError('Rng.weighted: empty list');
    return last[0];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** `count` distinct elements in random order (all of them when count >= length). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }

  /** A version-4-formatted UUID drawn from this stream (Entra object ids, correlation ids, sign-in ids). */
  uuid(): string {
    const a = this.nextUint32();
    const b = this.nextUint32();
    const c = this.nextUint32();
    const d = this.nextUint32();
    const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
    return (
      `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(((b & 0x0fff) | 0x4000) >>> 0, 4)}-` +
      `${hex(((c >>> 16) & 0x3fff) | 0x8000, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`
    );
  }

  /** `length` characters of base64url, like Entra's uniqueTokenIdentifier. */
  token(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += BASE64URL[this.nextUint32() & 63];
    return out;
  }

  /** `length` upper-case letters (the middle part of Core Directory audit ids). */
  letters(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String.fromCharCode(65 + this.int(0, 25));
    return out;
  }
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** FNV-1a over the label, folded into the seed, then murmur3's finalizer so that near labels give far seeds. */
function mix32(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
