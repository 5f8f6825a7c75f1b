/**
 * "How do we know?": the techniques of the catalogue against the enabled rules. A technique is
 * - covered: a rule that recognises it can see at least one source the technique shows up in, and every other
 *   source the rule needs is sent;
 * - covered-but-blind: rules exist, but each needs a source the tenant does not send (no non-interactive sign-ins,
 *   no MailItemsAccessed, or a source that stopped);
 * - uncovered: no enabled rule recognises it.
 * "Sends" is decided from the store: a source sends when it holds events and has not stopped (gaps.ts).
 */
import type { RuleProfile } from './rule-sources.js';
import type { SourceId } from './sources.js';
import type { Technique } from './techniques.js';

export type CoverageState = 'covered' | 'covered-but-blind' | 'uncovered';

/** One row of the matrix. */
export interface TechniqueCoverage {
  readonly technique: string;
  readonly name: string;
  readonly attack: readonly string[];
  readonly origin: readonly string[];
  readonly state: CoverageState;
  /** Rules that recognise the technique and can see it. */
  readonly seeing: readonly string[];
  /** Rules that recognise it but are blind, with the sources each lacks. */
  readonly blind: readonly { readonly rule: string; readonly missing: readonly SourceId[] }[];
  /** Sources the technique appears in that the tenant sends. */
  readonly sourcesSent: readonly SourceId[];
  readonly sourcesMissing: readonly SourceId[];
}

/** Whether a rule recognises a technique: by id or name, by tag, or by a literal value it matches. */
export function recognises(rule: RuleProfile, t: Technique): boolean {
  const c = t.coveredBy;
  if (c.rules.some((r) => r === rule.id || r === rule.name)) return true;
  if (c.tags.some((tag) => rule.tags.includes(tag))) return true;
  return c.values.some((v) => rule.literals.includes(v));
}

/**
 * What a rule needs to see this technique: each group of its requirement, narrowed to the technique's sources when
 * they overlap (a sign-in rule over every kind sees token replay only in non-interactive sign-ins).
 */
export function effectiveRequirement(rule: RuleProfile, t: Technique): SourceId[][] {
  return rule.requires.map((group) => {
    const narrowed = group.filter((s) => t.sources.includes(s));
    return narrowed.length > 0 ? narrowed : [...group];
  });
}

/** The coverage matrix. */
export function coverageMatrix(
  techniques: readonly Technique[],
  rules: readonly RuleProfile[],
  sent: ReadonlySet<SourceId>,
): TechniqueCoverage[] {
  return techniques.map((t) => {
    const seeing: string[] = [];
    const blind: { rule: string; missing: SourceId[] }[] = [];
    for (const r of rules) {
      if (!recognises(r, t)) continue;
      const groups = effectiveRequirement(r, t);
      const unmet = groups.filter((g) => !g.some((s) => sent.has(s)));
      if (unmet.length === 0) seeing.push(r.id);
      else blind.push({ rule: r.id, missing: [...new Set(unmet.flat())] });
    }
    const state: CoverageState = seeing.length > 0 ? 'covered' : blind.length > 0 ? 'covered-but-blind' : 'uncovered';
    return {
      technique: t.id,
      name: t.name,
      attack: t.attack,
      origin: t.origin,
      state,
      seeing,
      blind,
      sourcesSent: t.sources.filter((s) => sent.has(s)),
      sourcesMissing: t.sources.filter((s) => !sent.has(s)),
    };
  });
}

/** Counts per state. */
export function coverageCounts(rows: readonly TechniqueCoverage[]): Record<CoverageState, number> {
  const out: Record<CoverageState, number> = { covered: 0, 'covered-but-blind': 0, uncovered: 0 };
  for (const r of rows) out[r.state]++;
  return out;
}
