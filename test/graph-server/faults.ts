/**
 * Fault injection for the test server, switchable per test. Each Graph request draws at most one fault from a
 * seeded generator, so a failing run can be replayed; no URL fails more than `maxConsecutive` times in a row, so a
 * client with a sane retry bound always gets through and a test that expects success is never flaky.
 */
export type FaultKind =
  /** 429 with Retry-After (seconds). */
  | 'throttle'
  /** 429 without Retry-After (as Identity Protection answers). */
  | 'throttle-no-retry-after'
  | 'unavailable-503'
  /** The connection is destroyed before any response. */
  | 'reset'
  /** A 200 whose JSON body stops half-way, cleanly ended (chunked). */
  | 'truncated'
  /** Content-Length of the whole body, half of it sent, then the connection is destroyed. */
  | 'cut-connection'
  /** A 200 whose body is JSON but not a Graph page. */
  | 'invalid-page';

export interface FaultPlan {
  /** Probability per Graph request of each fault. */
  readonly rates?: Partial<Record<FaultKind, number>>;
  /** Each page after the first repeats this many items of the page before it. */
  readonly duplicateAcrossPages?: number;
  readonly retryAfterSeconds?: number;
  readonly maxConsecutive?: number;
  readonly seed?: number;
  /** Only requests whose path passes this are faulted (default: every Graph path). */
  readonly paths?: RegExp;
}

export const NO_FAULTS: FaultPlan = {};

/** Every fault at once: what the "zero missing, zero duplicated" test switches on. */
export const EVERY_FAULT: FaultPlan = {
  rates: {
    throttle: 0.06,
    'throttle-no-retry-after': 0.06,
    'unavailable-503': 0.06,
    reset: 0.06,
    truncated: 0.06,
    'cut-connection': 0.05,
    'invalid-page': 0.04,
  },
  duplicateAcrossPages: 2,
  retryAfterSeconds: 2,
  maxConsecutive: 3,
  seed: 5,
};

/** mulberry32: a small seeded generator, enough for fault draws. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  readonly injected: Partial<Record<FaultKind, number>> = {};
  private random: () => number;
  private readonly streak = new Map<string, number>();

  constructor(private plan: FaultPlan = NO_FAULTS) {
    this.random = rng(plan.seed ?? 1);
  }

  get current(): FaultPlan {
    return this.plan;
  }

  set(plan: FaultPlan): void {
    this.plan = plan;
    this.random = rng(plan.seed ?? 1);
    this.streak.clear();
  }

  /** The fault for this request, or undefined. */
  draw(path: string, key: string): FaultKind | undefined {
    const { rates, paths, maxConsecutive = 3 } = this.plan;
    if (!rates || (paths && !paths.test(path))) return undefined;
    const streak = this.streak.get(key) ?? 0;
    let pick: FaultKind | undefined;
    const r = this.random();
    let acc = 0;
    for (const [kind, rate] of Object.entries(rates) as [FaultKind, number][]) {
      acc += rate;
      if (r < acc) {
        pick = kind;
        break;
      }
    }
    if (pick === undefined || streak >= maxConsecutive) {
      this.streak.set(key, 0);
      return undefined;
    }
    this.streak.set(key, streak + 1);
    this.injected[pick] = (this.injected[pick] ?? 0) + 1;
    return pick;
  }

  total(): number {
    return Object.values(this.injected).reduce((a, b) => a + (b ?? 0), 0);
  }
}
