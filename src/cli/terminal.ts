/**
 * The terminal escaper lives with every other escaper in core/escape.ts (one escaper for all output); the CLI's
 * files import it under this name.
 */
export { terminal as terminalSafe, terminalLine } from '../core/escape.js';
