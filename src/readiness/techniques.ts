/**
 * The technique catalogue (content/techniques/*.yml): identity attack techniques with their ATT&CK ids, the
 * sources their evidence appears in, and how to recognise a rule that covers them (rule ids or names, ATT&CK or
 * other tags, or literal values the rule matches, such as an ID Protection riskEventType). Validated with zod where
 * it enters; a bad file is an input error naming the file and the entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PremortemError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { parseYamlValue } from '../core/yaml-file.js';
import { isSourceId, type SourceId } from './sources.js';

const sourceId = z.string().refine(isSourceId, { message: 'not a readiness source id (src/readiness/sources.ts)' });

const techniqueSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  attack: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).min(1),
  /** Where the technique came from: seed ids ("003"), "id-protection", "tampering"... */
  origin: z.array(z.string()).min(1),
  /** ID Protection riskEventType, when Microsoft detects it itself. */
  riskEventType: z.string().optional(),
  /** The sources its evidence appears in: any one of them lets a rule see it. */
  sources: z.array(sourceId).min(1),
  coveredBy: z
    .object({
      rules: z.array(z.string()).default([]),
      tags: z.array(z.string()).default([]),
      values: z.array(z.string()).default([]),
    })
    .refine((c) => c.rules.length + c.tags.length + c.values.length > 0, { message: 'coveredBy names nothing' }),
  note: z.string().optional(),
});

const fileSchema = z.object({ techniques: z.array(techniqueSchema).min(1) });

/** One catalogue entry. */
export interface Technique {
  readonly id: string;
  readonly name: string;
  readonly attack: readonly string[];
  readonly origin: readonly string[];
  readonly riskEventType: string | undefined;
  readonly sources: readonly SourceId[];
  readonly coveredBy: {
    readonly rules: readonly string[];
    readonly tags: readonly string[];
    readonly values: readonly string[];
  };
  readonly note: string | undefined;
  readonly file: string;
}

/** content/techniques: the built-in catalogue. */
export function builtinTechniquesDir(): string {
  return join(packageRoot(), 'content', 'techniques');
}

/** Parses one catalogue file's text. */
export function parseTechniques(text: string, file: string): Technique[] {
  const parsed = fileSchema.safeParse(parseYamlValue(file, text, 'a technique catalogue file'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new PremortemError(
      'input-malformed',
      `technique catalogue ${file}: ${where}: ${issue?.message ?? 'invalid'}`,
      {
        source: { file, field: where },
      },
    );
  }
  return parsed.data.techniques.map((t) => ({
    id: t.id,
    name: t.name,
    attack: t.attack,
    origin: t.origin,
    riskEventType: t.riskEventType,
    sources: t.sources as SourceId[],
    coveredBy: {
      rules: t.coveredBy.rules,
      tags: t.coveredBy.tags.map((x) => x.toLowerCase()),
      values: t.coveredBy.values.map((x) => x.toLowerCase()),
    },
    note: t.note,
    file,
  }));
}

/** Every technique of the catalogue folder (files in name order); duplicate ids are an error. */
export function loadTechniques(dir = builtinTechniquesDir()): Technique[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  const out: Technique[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f);
    for (const t of parseTechniques(readFileSync(path, 'utf8'), path)) {
      const other = seen.get(t.id);
      if (other !== undefined) {
        throw new PremortemError('input-malformed', `technique ${t.id} is defined in ${other} and ${path}`, {
          source: { file: path },
        });
      }
      seen.set(t.id, path);
      out.push(t);
    }
  }
  return out;
}
