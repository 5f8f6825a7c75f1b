import type { Command } from 'commander';
import { registerAlerts } from './alerts.js';
import { registerCollect } from './collect.js';
import { registerDetect } from './detect.js';
import { registerDoctor } from './doctor.js';
import { registerEvidence } from './evidence.js';
import { registerImport } from './import.js';
import { registerRules } from './rules.js';
import { registerSimulate } from './simulate.js';
import { registerTimeline } from './timeline.js';
import { registerWatch } from './watch.js';

/** Each command lives in its own file and registers itself here; the order is the order of --help. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerSimulate,
  registerImport,
  registerCollect,
  registerWatch,
  registerDetect,
  registerAlerts,
  registerTimeline,
  registerRules,
  registerEvidence,
  registerDoctor,
];
