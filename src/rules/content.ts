import { join } from 'node:path';
import { packageRoot } from '../core/package-root.js';

/** content/rules: the built-in detection rules. */
export function builtinRulesDir(): string {
  return join(packageRoot(), 'content', 'rules');
}

/** content/pipelines: the built-in field mappings. */
export function builtinPipelinesDir(): string {
  return join(packageRoot(), 'content', 'pipelines');
}
