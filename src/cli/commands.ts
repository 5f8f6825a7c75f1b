import type { Command } from 'commander';
import { registerAlerts } from './alerts.js';
import { registerAssess } from './assess.js';
import { registerCollect } from './collect.js';
import { registerContain } from './contain.js';
import { registerDetect } from './detect.js';
import { registerDoctor } from './doctor.js';
import { registerEvidence } from './evidence.js';
import { registerExceptions } from './exceptions.js';
import { registerFleet } from './fleet.js';
import { registerImpact } from './impact.js';
import { registerImport } from './import.js';
import { registerIncidents } from './incidents.js';
import { registerInvestigate } from './investigate.js';
import { registerNotify } from './notify.js';
import { registerReadiness } from './readiness.js';
import { registerReport } from './report.js';
import { registerRules } from './rules.js';
import { registerServe } from './serve.js';
import { registerShow } from './show.js';
import { registerSimulate } from './simulate.js';
import { registerTimeline } from './timeline.js';
import { registerUsers } from './users.js';
import { registerWatch } from './watch.js';
import { registerWorker } from './worker.js';

/** Each command lives in its own file and registers itself here; the order is the order of --help. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerSimulate,
  registerImport,
  registerCollect,
  registerWatch,
  registerDetect,
  registerAlerts,
  registerIncidents,
  registerTimeline,
  registerInvestigate,
  registerReport,
  registerContain,
  registerRules,
  registerAssess,
  registerExceptions,
  registerImpact,
  registerReadiness,
  registerEvidence,
  registerShow,
  registerServe,
  registerUsers,
  registerNotify,
  registerDoctor,
  registerFleet,
  registerWorker,
];
