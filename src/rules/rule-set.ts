import { PremortemError } from '../core/errors.js';
import { type CorrelationRule, type Rule, ruleLabel } from './model.js';

/**
 * The rules loaded together: correlations find the rules they reference here, by `name` or `id`. Built only by
 * buildRuleSet, which guarantees that every reference resolves and that there is no cycle.
 */
export class RuleSet {
  private readonly byRef: ReadonlyMap<string, Rule>;

  constructor(readonly rules: readonly Rule[]) {
    const map = new Map<string, Rule>();
    for (const r of rules) {
      if (r.meta.id !== undefined) map.set(r.meta.id, r);
      if (r.meta.name !== undefined) map.set(r.meta.name, r);
    }
    this.byRef = map;
  }

  /** The rule a correlation's `rules:` entry names. */
  find(ref: string): Rule | undefined {
    return this.byRef.get(ref);
  }

  /** Rules a correlation references, in the order written. */
  referenced(rule: CorrelationRule): Rule[] {
    return rule.correlation.rules.map((ref) => {
      const found = this.find(ref);
      if (!found) throw new PremortemError('internal', `unresolved reference ${ref} in ${ruleLabel(rule)}`);
      return found;
    });
  }

  /**
   * Rules that raise alerts of their own. Sigma: rules a correlation references only feed it, unless it says
   * `generate: true`; and only the outermost correlation of a chain carries a level, so an inner correlation
   * alerts on its own only when it has a level (premortem's password-spray does, and is also chained).
   */
  alerting(): Rule[] {
    const consumed = new Set<Rule>();
    for (const r of this.rules) {
      if (r.type !== 'correlation' || r.generate) continue;
      for (const ref of this.referenced(r)) {
        if (ref.type === 'detection' || ref.meta.level === undefined) consumed.add(ref);
      }
    }
    return this.rules.filter((r) => !consumed.has(r));
  }

  /** The rule itself and every rule it depends on, dependencies first. */
  closure(rule: Rule): Rule[] {
    const out: Rule[] = [];
    const visit = (r: Rule): void => {
      if (out.includes(r)) return;
      if (r.type === 'correlation') for (const dep of this.referenced(r)) visit(dep);
      out.push(r);
    };
    visit(rule);
    return out;
  }
}

function referenceError(rule: Rule, message: string): PremortemError {
  return new PremortemError('rule-invalid', message, {
    source: {
      file: rule.origin.file,
      line: rule.origin.line,
      column: rule.origin.column,
      rule: ruleLabel(rule),
      field: 'correlation.rules',
    },
  });
}

/**
 * Checks identities and references across all loaded rules. A duplicate id/name, a reference to nothing, an alias
 * naming a rule the correlation does not use, or a cycle is an error for that rule; a correlation whose
 * dependency failed fails too (with the reason), so nothing is dropped silently.
 */
export function buildRuleSet(candidates: readonly Rule[]): { ruleSet: RuleSet; errors: PremortemError[] } {
  const errors: PremortemError[] = [];
  const seen = new Map<string, Rule>();
  let rules: Rule[] = [];
  for (const r of candidates) {
    const keys = [r.meta.id, r.meta.name].filter((k): k is string => k !== undefined);
    const clash = keys.find((k) => seen.has(k));
    if (clash !== undefined) {
      const other = seen.get(clash) as Rule;
      errors.push(referenceError(r, `"${clash}" already identifies ${ruleLabel(other)} (${other.origin.file})`));
      continue;
    }
    for (const k of keys) seen.set(k, r);
    rules.push(r);
  }
  // Remove failing correlations until the set is stable: a failure can cascade up a chain.
  for (;;) {
    const set = new RuleSet(rules);
    const failed = new Map<Rule, string>();
    for (const r of rules) {
      if (r.type !== 'correlation') continue;
      const missing = r.correlation.rules.filter((ref) => !set.find(ref));
      if (missing.length > 0) {
        failed.set(r, `references ${missing.map((m) => `"${m}"`).join(', ')}, which no loaded rule is (by name or id)`);
        continue;
      }
      const refs = set.referenced(r);
      const names = new Set(refs.flatMap((x) => [x.meta.name, x.meta.id]).filter((x) => x !== undefined));
      for (const [alias, perRule] of r.correlation.aliases) {
        const unknown = [...perRule.keys()].filter((k) => !names.has(k));
        if (unknown.length > 0)
          failed.set(r, `alias ${alias} names ${unknown.join(', ')}, which this correlation does not reference`);
      }
      if (hasCycle(set, r)) failed.set(r, 'the correlation references itself through a chain of correlations');
    }
    if (failed.size === 0) return { ruleSet: set, errors };
    for (const [r, why] of failed) errors.push(referenceError(r, `${ruleLabel(r)} ${why}`));
    rules = rules.filter((r) => !failed.has(r));
  }
}

function hasCycle(set: RuleSet, start: CorrelationRule): boolean {
  const stack: Rule[] = [start];
  const seen = new Set<Rule>();
  while (stack.length > 0) {
    const r = stack.pop() as Rule;
    if (r.type !== 'correlation') continue;
    for (const ref of r.correlation.rules) {
      const dep = set.find(ref);
      if (dep === start) return true;
      if (dep && !seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return false;
}
