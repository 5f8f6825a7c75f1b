/**
 * The detection-envelope sweep: every variant of a grid, generated from one seed into its own 45-day slot of one
 * workspace (far enough apart that no correlation window or campaign reaches the next), imported as Graph JSON
 * pages like any tenant's export, run through every built-in rule, and scored per rule: recall inside its stated
 * envelope, what it caught outside it, and false positives on the benign look-alikes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetectionEngine } from '../detect/engine.js';
import { listAlerts } from '../detect/list-alerts.js';
import { importPaths } from '../ingest/import-files.js';
import { builtinRulesDir } from '../rules/content.js';
import {
  buildTenantForSeed,
  generateVariant,
  SIGNINS_COLLECTION,
  toGraphPages,
  type VariantSpec,
  VICTIMS,
  variantUsers,
} from '../simulate/index.js';
import { Workspace } from '../store/workspace.js';
import { describeVariant, ENVELOPES } from './envelopes.js';

const SLOT_MS = 45 * 86_400_000;
/**
 * Slots run forward from here: 2005 leaves room for 160 variants before they reach the present (import rejects a
 * time from the future, and a full grid starting in 2024 ran past it from its 25th variant on).
 */
const FIRST_SLOT = Date.UTC(2005, 0, 1);

/** What happened to one variant. */
export interface VariantResult {
  readonly spec: VariantSpec;
  readonly label: string;
  /** Names of the rules that raised an alert in the variant's slot. */
  readonly fired: readonly string[];
  /** Rules whose envelope holds the variant. */
  readonly inside: readonly string[];
}

/** One rule's line of the table. */
export interface RuleScore {
  readonly rule: string;
  readonly insideTotal: number;
  readonly insideCaught: number;
  readonly outsideTotal: number;
  readonly outsideCaught: number;
  readonly benignTotal: number;
  readonly falsePositives: number;
}

export interface SweepResult {
  readonly variants: readonly VariantResult[];
  readonly scores: readonly RuleScore[];
}

/** How a sweep is run: every variant in one workspace (fast on a small grid), or each in its own. */
export interface SweepOptions {
  /**
   * One workspace per variant. The variants reuse attacker addresses, so in one workspace every correlation grouped
   * by address meets every variant's events in one group; on the full grid that made the run too slow to finish.
   * Apart, each variant is judged alone (the slots keep their times, so the results are the same).
   */
  readonly workspacePerVariant?: boolean;
  /** Called after each workspace's detection with the variants done so far (progress for long runs). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Runs the grid (deterministic for a seed) and scores it. */
export async function runSweep(
  grid: readonly VariantSpec[],
  seed = 1,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const indexes = grid.map((_, k) => k);
  const batches = options.workspacePerVariant ? indexes.map((k) => [k]) : [indexes];
  const fired: Set<string>[] = grid.map(() => new Set());
  let done = 0;
  for (const batch of batches) {
    await runBatch(grid, batch, seed, fired);
    done += batch.length;
    options.onProgress?.(done, grid.length);
  }
  const variants = grid.map((spec, k) => ({
    spec,
    label: describeVariant(spec),
    fired: [...(fired[k] ?? [])].sort(),
    inside: Object.keys(ENVELOPES).filter((rule) => ENVELOPES[rule]?.(spec)),
  }));
  return { variants, scores: score(variants) };
}

/** Generates the variants `batch` (indexes into the grid) into one workspace, detects, and records what fired. */
async function runBatch(
  grid: readonly VariantSpec[],
  batch: readonly number[],
  seed: number,
  fired: Set<string>[],
): Promise<void> {
  const { tenant, rng } = buildTenantForSeed(seed);
  const signIns = batch.flatMap((k) => {
    const spec = grid[k] as VariantSpec;
    return generateVariant(
      tenant,
      rng.fork(`variant:${k}`),
      spec,
      FIRST_SLOT + k * SLOT_MS,
      variantUsers(tenant, k * VICTIMS, VICTIMS),
    ).signIns;
  });
  const work = await mkdtemp(join(tmpdir(), 'premortem-sweep-'));
  try {
    const pages = join(work, 'signIns');
    await mkdir(pages);
    for (const [i, page] of toGraphPages(signIns, SIGNINS_COLLECTION).entries()) {
      await writeFile(join(pages, `page-${String(i + 1).padStart(4, '0')}.json`), JSON.stringify(page));
    }
    const ws = await Workspace.open(join(work, 'workspace'));
    try {
      const imported = await importPaths(ws, [pages]);
      // A variant's records that did not load would read as a miss of the rule, not as the sweep's own fault.
      if (imported.totals.loaded !== signIns.length) {
        throw new Error(
          `sweep: ${signIns.length} sign-ins generated, ${imported.totals.loaded} loaded (${imported.totals.rejected} rejected)`,
        );
      }
      // The same engine as detect and watch: the sweep measures what a user's run would raise.
      const engine = DetectionEngine.load([builtinRulesDir()], { strict: true });
      const run = await engine.run(ws, { full: true, now: new Date(FIRST_SLOT + grid.length * SLOT_MS) });
      if (run.errors.length > 0) throw run.errors[0];
      const nameOf = new Map(engine.ruleSet.rules.map((r) => [r.meta.id ?? '', r.meta.name ?? r.meta.title]));
      for (const a of await listAlerts(ws, undefined, { members: true })) {
        const slot = Math.floor((Date.parse(a.first_seen) - FIRST_SLOT) / SLOT_MS);
        fired[slot]?.add(nameOf.get(a.rule_id) ?? a.rule_id);
      }
    } finally {
      ws.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function score(variants: readonly VariantResult[]): RuleScore[] {
  const rules = new Set([...Object.keys(ENVELOPES), ...variants.flatMap((v) => v.fired)]);
  return [...rules].sort().map((rule) => {
    const attacks = variants.filter((v) => v.spec.kind !== 'benign');
    const inside = attacks.filter((v) => v.inside.includes(rule));
    const outside = attacks.filter((v) => !v.inside.includes(rule));
    const benign = variants.filter((v) => v.spec.kind === 'benign');
    const caught = (list: readonly VariantResult[]) => list.filter((v) => v.fired.includes(rule)).length;
    return {
      rule,
      insideTotal: inside.length,
      insideCaught: caught(inside),
      outsideTotal: outside.length,
      outsideCaught: caught(outside),
      benignTotal: benign.length,
      falsePositives: caught(benign),
    };
  });
}

/** The table docs/rules.md shows (Markdown). */
export function scoreTable(scores: readonly RuleScore[]): string {
  const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)} (${a}/${b})`);
  return [
    '| rule | recall inside its envelope | caught outside it | false positives on benign look-alikes |',
    '|---|---|---|---|',
    ...scores.map(
      (s) =>
        `| ${s.rule} | ${ratio(s.insideCaught, s.insideTotal)} | ${s.outsideCaught}/${s.outsideTotal} | ${s.falsePositives}/${s.benignTotal} |`,
    ),
  ].join('\n');
}
