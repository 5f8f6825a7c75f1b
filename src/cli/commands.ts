import type { Command } from 'commander';
import { registerImport } from './import.js';

/** Each command lives in its own file and registers itself here; the order is the order of --help. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerImport];
