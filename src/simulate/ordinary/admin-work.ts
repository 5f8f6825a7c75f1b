/**
 * Ordinary administration done the governed way: an admin signs in to the Azure portal with MFA, activates the
 * role a task needs through PIM, does the work while the activation lasts (later tasks reuse it), and the
 * activation expires hours later. This is the baseline against which seed 003's direct role assignment stands out.
 */

import { byUser } from '../audit-factory.js';
import { HOUR, MINUTE, SECOND, SIMULATION_END, SIMULATION_START } from '../calendar.js';
import { MS } from '../catalog/apps.js';
import type { BetaSignIn, GraphDirectoryAudit } from '../graph-types.js';
import type { Rng } from '../random.js';
import { makeSignIn, passwordStep, pushStep } from '../signin-factory.js';
import type { Tenant } from '../tenant.js';
import { type AdminTask, adminTasks } from './admin-tasks.js';
import { officeNet } from './networks.js';
import { type Activation, activationAudits } from './pim.js';

/** Records of the month's admin work. */
export interface AdminActivity {
  readonly signIns: BetaSignIn[];
  readonly directoryAudits: GraphDirectoryAudit[];
  readonly activations: readonly Activation[];
}

const JUSTIFICATIONS = ['Ticket INC-', 'Change CHG-', 'Service request SR-'];

/** The month's admin work (pass `rng.fork('admin-work')`). */
export function ordinaryAdminWork(tenant: Tenant, rng: Rng): AdminActivity {
  const tasks = adminTasks(tenant, rng.fork('admin-tasks')).sort((a, b) => a.at - b.at);
  const signIns: BetaSignIn[] = [];
  const directoryAudits: GraphDirectoryAudit[] = [];
  const activations: Activation[] = [];
  const open = new Map<string, Activation>();

  for (const task of tasks) {
    const key = `${task.admin.user.id}|${task.role}`;
    let activation = open.get(key);
    // Work inside an open activation reuses it; after it expires the admin activates again (never overlapping).
    if (activation === undefined || task.at >= activation.end) {
      activation = activate(tenant, rng, task, activation?.end ?? 0, signIns);
      open.set(key, activation);
      activations.push(activation);
      directoryAudits.push(...activationAudits(tenant, rng, activation, SIMULATION_END));
    }
    const user = task.admin.user;
    directoryAudits.push(
      ...task.audits(rng, {
        at: task.at,
        initiatedBy: byUser(user, activation.ip),
        userAgent: user.laptop.browserUserAgent,
      }),
    );
  }
  return { signIns, directoryAudits, activations };
}

/** A portal sign-in with MFA, then a PIM activation a minute or two later that lasts one to eight hours. */
function activate(tenant: Tenant, rng: Rng, task: AdminTask, previousEnd: number, signIns: BetaSignIn[]): Activation {
  const user = task.admin.user;
  const wanted = Math.max(SIMULATION_START + MINUTE, previousEnd + MINUTE, task.at - rng.int(3, 9) * MINUTE);
  const start = Math.min(wanted, task.at - 20 * SECOND);
  const signInAt = start - rng.int(60, 150) * 1000;
  const net = officeNet(user);
  if (signInAt >= SIMULATION_START) {
    signIns.push(
      makeSignIn(tenant, rng, {
        user,
        at: signInAt,
        app: MS.azurePortal,
        resource: MS.azureManagementApi,
        clientAppUsed: 'Browser',
        net,
        device: user.laptop.detail,
        userAgent: user.laptop.browserUserAgent,
        errorCode: 0,
        mfa: true,
        authenticationDetails: [passwordStep(signInAt, true), pushStep(signInAt)],
        protocol: 'none',
      }),
    );
  }
  return {
    admin: user,
    role: task.role,
    ip: net.ip,
    start,
    end: start + rng.pick([1, 2, 4, 8]) * HOUR,
    justification: `${rng.pick(JUSTIFICATIONS)}${rng.int(10000, 99999)}`,
  };
}
