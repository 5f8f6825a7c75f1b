import { z } from 'zod';
import type { PremortemError } from '../core/errors.js';
import { SEVERITIES } from '../core/severity.js';
import type { Logsource, RuleMeta } from './model.js';
import { errorAt, keyNodeAt, type YamlDocument } from './yaml-source.js';

const text = z.union([z.string(), z.number()]).transform(String);
const textList = z.union([text, z.array(text)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Sigma's descriptive fields. Unknown top-level keys are allowed (Sigma permits custom attributes). */
const META = z.looseObject({
  title: z.string().min(1).max(256),
  id: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  status: z.enum(['stable', 'test', 'experimental', 'deprecated', 'unsupported']).optional(),
  level: z.enum(SEVERITIES).optional(),
  description: z.string().optional(),
  author: z.string().optional(),
  date: text.optional(),
  modified: text.optional(),
  tags: z.array(z.string()).optional(),
  references: z.array(z.string()).optional(),
  falsepositives: textList.optional(),
  logsource: z
    .looseObject({
      product: z.string().optional(),
      service: z.string().optional(),
      category: z.string().optional(),
      definition: z.string().optional(),
    })
    .optional(),
});

/** A rule document after metadata validation (custom keys kept). */
export type RawRuleDocument = z.infer<typeof META>;

/** Turns the first zod issue into a rule-invalid error at the YAML node it names. */
export function zodError(
  d: YamlDocument,
  error: z.ZodError,
  base: readonly (string | number)[],
  rule?: string,
): PremortemError {
  const issue = error.issues[0];
  const path = [...base, ...(issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p)))];
  // An unknown key is pointed at where it is written, not at the map that holds it.
  const unknown = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  if (unknown !== undefined) path.push(unknown);
  const field = path.join('.');
  const at = unknown !== undefined ? (keyNodeAt(d, path) ?? path) : path;
  return errorAt('rule-invalid', d, at, `${field || 'rule'}: ${issue?.message ?? 'invalid'}`, {
    ...(rule === undefined ? {} : { rule }),
    ...(field ? { field } : {}),
  });
}

/** Validates and freezes a rule document's metadata and logsource; errors point at the YAML node. */
export function parseMeta(
  d: YamlDocument,
  raw: unknown,
): { meta: RuleMeta; raw: RawRuleDocument; logsource: Logsource } {
  const parsed = META.safeParse(raw);
  if (!parsed.success) {
    const title =
      typeof (raw as { title?: unknown })?.title === 'string' ? (raw as { title: string }).title : undefined;
    throw zodError(d, parsed.error, [], title);
  }
  const r = parsed.data;
  const meta: RuleMeta = Object.freeze({
    title: r.title,
    id: r.id,
    name: r.name,
    status: r.status,
    level: r.level,
    description: r.description,
    author: r.author,
    date: r.date,
    modified: r.modified,
    tags: Object.freeze(r.tags ?? []),
    references: Object.freeze(r.references ?? []),
    falsepositives: Object.freeze(r.falsepositives ?? []),
  });
  const logsource: Logsource = Object.freeze({
    product: r.logsource?.product,
    service: r.logsource?.service,
    category: r.logsource?.category,
  });
  return { meta, raw: r, logsource };
}
