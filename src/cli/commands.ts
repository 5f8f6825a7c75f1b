import type { Command } from 'commander';
import { registerAlerts } from './alerts.js';
import { registerDetect } from './detect.js';
import { registerEvidence } from './evidence.js';
import { registerImport } from './import.js';
import { registerRules } from './rules.js';
import { registerSimulate } from './simulate.js';
import { registerTimeline } from './timeline.js';

/** Each command lives in its own file and registers itself here; the order is the order of --help. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerSimulate,
  registerImport,
  registerDetect,
  registerAlerts,
  registerTimeline,
  registerRules,
  registerEvidence,
];
