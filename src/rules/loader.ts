import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PremortemError } from '../core/errors.js';
import type { Rule } from './model.js';
import { parseRuleDocument } from './parse-rule.js';
import { buildRuleSet, type RuleSet } from './rule-set.js';
import { readYamlDocuments } from './yaml-source.js';

/** How loadRules treats errors. */
export interface LoadOptions {
  /** Collect every rule's error and keep loading (batch mode); otherwise the first error is thrown. */
  readonly collectErrors?: boolean;
}

/** The loaded rule set and every error met on the way (collect mode). */
export interface LoadResult {
  readonly rules: RuleSet;
  readonly errors: readonly PremortemError[];
}

/** Rule test files sit beside the rules (`x.tests.yml`); they are not rules. */
export function isRuleFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !/\.tests\.ya?ml$/i.test(name);
}

/** Every rule file under a path (a file, or a folder walked recursively), in a stable order. */
export function ruleFiles(path: string): string[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new PremortemError('input-not-found', `no rules at ${path}`, { source: { file: path } });
  }
  if (st.isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const full = join(path, e.name);
      if (e.isDirectory()) return ruleFiles(full);
      return e.isFile() && isRuleFile(e.name) ? [full] : [];
    });
}

/** Parses rule text (one file, any number of `---` documents) without resolving references. */
export function parseRuleText(text: string, file: string): { rules: Rule[]; errors: PremortemError[] } {
  const { documents, errors } = readYamlDocuments(file, text);
  const rules: Rule[] = [];
  for (const d of documents) {
    try {
      rules.push(parseRuleDocument(d));
    } catch (err) {
      if (err instanceof PremortemError) errors.push(err);
      else throw err;
    }
  }
  return { rules, errors };
}

/** Resolves a list of parsed rules into a set; throws the first error unless collecting. */
export function finishLoad(rules: readonly Rule[], errors: PremortemError[], options: LoadOptions): LoadResult {
  const built = buildRuleSet(rules);
  const all = [...errors, ...built.errors];
  if (!options.collectErrors && all[0]) throw all[0];
  return { rules: built.ruleSet, errors: all };
}

/**
 * Loads Sigma rules (detections and correlations) from files or folders. Each rule is parsed once into the typed
 * model; correlations are resolved across everything loaded together, so a chain may span files and folders.
 */
export function loadRules(paths: string | readonly string[], options: LoadOptions = {}): LoadResult {
  const rules: Rule[] = [];
  const errors: PremortemError[] = [];
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    for (const file of ruleFiles(path)) {
      const parsed = parseRuleText(readFileSync(file, 'utf8'), file);
      rules.push(...parsed.rules);
      errors.push(...parsed.errors);
      if (!options.collectErrors && errors[0]) throw errors[0];
    }
  }
  return finishLoad(rules, errors, options);
}

/** The same from text held in memory (tests, `rules import`). */
export function loadRulesFromText(text: string, file = '<text>', options: LoadOptions = {}): LoadResult {
  const parsed = parseRuleText(text, file);
  if (!options.collectErrors && parsed.errors[0]) throw parsed.errors[0];
  return finishLoad(parsed.rules, parsed.errors, options);
}
