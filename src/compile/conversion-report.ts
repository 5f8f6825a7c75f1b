import { relative } from 'node:path';
import type { PremortemError } from '../core/errors.js';
import { loadRules } from '../rules/loader.js';
import { ruleId } from '../rules/model.js';
import type { PipelineSet } from '../rules/pipeline.js';
import { compileRules } from './compile.js';

/** What became of one rule file's rule: converted to SQL, or why not. */
export interface RuleConversion {
  readonly file: string;
  readonly id: string | null;
  readonly title: string | null;
  readonly status: 'converted' | 'unsupported' | 'invalid';
  /** Empty for converted rules; the first error otherwise, with its place (file:line, field). */
  readonly reason: string;
}

/** `premortem rules import --json`: counts and one entry per rule. */
export interface ConversionReport {
  readonly converted: number;
  readonly unsupported: number;
  readonly invalid: number;
  readonly rules: readonly RuleConversion[];
}

/** An error as one report line: its message and its place (field, line). */
export function reasonOf(e: PremortemError): string {
  const where = e.source.field ? ` (field ${e.source.field}${e.source.line ? `, line ${e.source.line}` : ''})` : '';
  return `${e.message}${where}`;
}

/**
 * Loads a rules folder with errors collected, compiles every alerting rule through the pipelines, and reports
 * each rule: nothing is skipped silently (a rule that failed to parse is `invalid`, one that parsed but cannot run
 * on premortem's store is `unsupported`, with the reason). File paths are shown relative to `base`.
 */
export function conversionReport(dir: string, pipelines: PipelineSet, base = dir): ConversionReport {
  const loaded = loadRules(dir, { collectErrors: true });
  const { compiled, errors } = compileRules(loaded.rules, pipelines, { collectErrors: true });
  const rel = (f: string | undefined): string => (f === undefined ? dir : relative(base, f) || f);
  const rules: RuleConversion[] = [
    ...compiled.map((c) => ({
      file: rel(c.rule.origin.file),
      id: ruleId(c.rule),
      title: c.rule.meta.title,
      status: 'converted' as const,
      reason: '',
    })),
    ...[...loaded.errors, ...errors].map((e) => {
      const rule = loaded.rules.rules.find(
        (r) => r.origin.file === e.source.file && (e.source.rule === undefined || e.source.rule.includes(r.meta.title)),
      );
      return {
        file: rel(e.source.file),
        id: rule ? ruleId(rule) : null,
        title: rule?.meta.title ?? null,
        status: e.code === 'rule-unsupported' ? ('unsupported' as const) : ('invalid' as const),
        reason: reasonOf(e),
      };
    }),
  ].sort((a, b) => a.file.localeCompare(b.file) || String(a.id).localeCompare(String(b.id)));
  const count = (s: RuleConversion['status']): number => rules.filter((r) => r.status === s).length;
  return { converted: count('converted'), unsupported: count('unsupported'), invalid: count('invalid'), rules };
}

/**
 * Rules that did not convert (any report whose converted rules have an empty reason) grouped by reason with the
 * rule's own details taken out, most common first.
 */
export function reasonCounts(report: {
  readonly rules: readonly { readonly reason: string }[];
}): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of report.rules) {
    if (r.reason === '') continue;
    // "log source not ingested: {product: azure, service: activitylogs}: ..." groups all Azure Activity rules.
    const key = r.reason.replace(/ \(field [^)]*\)$/, '').replace(/^[^:]*\(([^)]*)\): /, '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
