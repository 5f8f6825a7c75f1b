/**
 * Loads the baseline's check metadata from content/baselines (data, not code: DESIGN.md's folder table) and
 * validates it, so a typo in a severity or a missing remediation fails at load with the file and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../core/package-root.js';
import { SEVERITIES } from '../core/severity.js';
import { parseYamlWith } from '../core/yaml-file.js';
import type { CheckMeta } from './model.js';

const refList = z.array(z.string()).optional();

const baselineSchema = z.object({
  version: z.literal(1),
  checks: z
    .array(
      z.object({
        id: z.string().regex(/^PM-\d{3}$/, 'ids look like PM-001'),
        name: z.string().regex(/^[a-z0-9-]+$/),
        title: z.string().min(1),
        severity: z.enum(SEVERITIES),
        refs: z
          .object({ scuba: refList, maester: refList, cipp: refList, prowler: refList, monkey365: refList })
          .strict(),
        data: z.array(z.string()).min(1),
        rationale: z.string().min(1),
        remediation: z.string().min(1),
      }),
    )
    .min(1),
});

/** content/baselines/entra-m365.yaml. */
export function baselineFile(): string {
  return join(packageRoot(), 'content', 'baselines', 'entra-m365.yaml');
}

/** The checks of a baseline file, in file order. */
export function loadBaseline(file = baselineFile()): CheckMeta[] {
  const parsed = parseYamlWith(
    file,
    readFileSync(file, 'utf8'),
    baselineSchema,
    'see content/baselines/entra-m365.yaml',
  );
  return parsed.checks;
}
