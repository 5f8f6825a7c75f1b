import { join } from 'node:path';
import { builtinRulesDir } from '../src/rules/content.js';

/**
 * The rules the investigation goldens are pinned to: the four the seed-003 story was first detected with. New
 * built-in rules add alerts (and timeline lines); pinning keeps each golden about the investigation code, not about
 * whichever rules exist that day. Tests that want every rule pass `builtinRulesDir()` instead.
 */
export const CORE_RULE_FILES: readonly string[] = [
  'password-spray.yml',
  'success-after-spray.yml',
  'privileged-role-to-service-principal.yml',
  'role-assigned-outside-pim.yml',
].map((f) => join(builtinRulesDir(), f));
