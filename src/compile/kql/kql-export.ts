import { relative } from 'node:path';
import { PremortemError } from '../../core/errors.js';
import { loadRules } from '../../rules/loader.js';
import { type Rule, ruleId } from '../../rules/model.js';
import type { PipelineSet } from '../../rules/pipeline.js';
import { reasonOf } from '../conversion-report.js';
import { compileKql } from './compile-kql.js';
import { checkKql, describeDiagnostic } from './kql-check.js';
import { SENTINEL_MAX_QUERY_LENGTH, sentinelRuleYaml } from './sentinel-rule.js';

/** `--format`: plain `.kql` queries, or Sentinel analytic rules (`.yaml`) holding them. */
export type KqlFormat = 'kql' | 'sentinel';

/** What became of one rule: translated (and written to `output`), or why not. */
export interface KqlExportEntry {
  readonly file: string;
  readonly id: string | null;
  readonly title: string | null;
  readonly status: 'translated' | 'not-translated' | 'invalid';
  /** Empty when translated; otherwise the first reason, with its place (field, line). */
  readonly reason: string;
  /** The file written (relative to the output folder), or null. */
  readonly output: string | null;
  /** What a reader of a translated query should know (approximations, Sentinel's limits). */
  readonly notes: readonly string[];
}

/** One rules folder's export: counts and one entry per rule. */
export interface KqlExportReport {
  readonly source: string;
  readonly translated: number;
  readonly notTranslated: number;
  readonly invalid: number;
  readonly rules: readonly KqlExportEntry[];
}

/** A file to write into the output folder. */
export interface ExportFile {
  readonly name: string;
  readonly content: string;
}

/** `<rule name>` as a file name: its name, else its id, else its title, with anything but [A-Za-z0-9._-] replaced. */
function baseName(rule: Rule): string {
  const raw = rule.meta.name ?? rule.meta.id ?? rule.meta.title;
  const safe = raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return safe === '' ? 'rule' : safe.slice(0, 120);
}

/**
 * Loads a rules folder (errors collected), compiles every alerting rule to KQL over Sentinel's tables, checks each
 * query with the Kusto language service against the declared schemas, and reports every rule: a query with a
 * diagnostic is not written (it would not run), and nothing is skipped silently. `taken` holds the file names
 * already used in the output folder (a later folder's rule with the same name gets a numbered name).
 */
export function exportKql(
  dir: string,
  pipelines: PipelineSet,
  format: KqlFormat,
  taken: Set<string> = new Set(),
  base = dir,
): { report: KqlExportReport; files: ExportFile[] } {
  const loaded = loadRules(dir, { collectErrors: true });
  const rel = (f: string | undefined): string => (f === undefined ? dir : relative(base, f) || f);
  const files: ExportFile[] = [];
  const entries: KqlExportEntry[] = [];
  const extension = format === 'sentinel' ? 'yaml' : 'kql';
  for (const rule of loaded.rules.alerting()) {
    const common = { file: rel(rule.origin.file), id: ruleId(rule), title: rule.meta.title };
    try {
      const compiled = compileKql(rule, { ruleSet: loaded.rules, pipelines });
      const diagnostics = checkKql(compiled.query);
      if (diagnostics.length > 0) {
        const first = describeDiagnostic(compiled.query, diagnostics[0] as (typeof diagnostics)[0]);
        entries.push({
          ...common,
          status: 'not-translated',
          reason: `the Kusto language service reports ${first}`,
          output: null,
          notes: [],
        });
        continue;
      }
      if (format === 'sentinel' && compiled.query.length > SENTINEL_MAX_QUERY_LENGTH) {
        const reason = `the query has ${compiled.query.length} characters; Sentinel analytic rules hold at most ${SENTINEL_MAX_QUERY_LENGTH} (export it with --format kql)`;
        entries.push({ ...common, status: 'not-translated', reason, output: null, notes: [] });
        continue;
      }
      let name = `${baseName(rule)}.${extension}`;
      for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${baseName(rule)}-${i}.${extension}`;
      taken.add(name.toLowerCase());
      files.push({ name, content: format === 'sentinel' ? sentinelRuleYaml(compiled) : `${compiled.query}\n` });
      entries.push({ ...common, status: 'translated', reason: '', output: name, notes: compiled.notes });
    } catch (err) {
      if (!(err instanceof PremortemError)) throw err;
      const status = err.code === 'rule-invalid' ? 'invalid' : 'not-translated';
      entries.push({ ...common, status, reason: reasonOf(err), output: null, notes: [] });
    }
  }
  for (const e of loaded.errors) {
    entries.push({
      file: rel(e.source.file),
      id: null,
      title: null,
      status: 'invalid',
      reason: reasonOf(e),
      output: null,
      notes: [],
    });
  }
  entries.sort((a, b) => a.file.localeCompare(b.file) || String(a.id).localeCompare(String(b.id)));
  const count = (s: KqlExportEntry['status']): number => entries.filter((r) => r.status === s).length;
  return {
    report: {
      source: dir,
      translated: count('translated'),
      notTranslated: count('not-translated'),
      invalid: count('invalid'),
      rules: entries,
    },
    files,
  };
}
