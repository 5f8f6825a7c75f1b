import type { Command } from 'commander';
import { IMPACT_POLICIES, type ImpactPolicy, rolloutImpact } from '../posture/impact.js';
import { renderImpactText } from '../posture/render-impact.js';
import { globalOptions, printJson, say, usageError, withWorkspace } from './common.js';
import { terminalSafe } from './terminal.js';

const EXAMPLES = `
The pilot before enforcement: from the sign-ins in the workspace, which users, apps, client apps and devices the
proposed control would have blocked (legacy clients cannot do MFA) or challenged, grouped by app and client app,
plus what report-only Conditional Access policies already recorded in those sign-ins. The window ends at the
newest sign-in stored, so imported history works as well as live collection.

Examples:
  premortem impact --policy block-legacy-auth
  premortem impact --policy mfa-all --days 14 --json`;

/** `premortem impact --policy mfa-all|block-legacy-auth [--days N]`: who a proposed control would hit. */
export function registerImpact(program: Command): void {
  program
    .command('impact')
    .description('before enforcing a control: which users, apps and devices it would have blocked or challenged')
    .requiredOption('--policy <name>', IMPACT_POLICIES.join(' or '))
    .option('--days <n>', 'how many days of sign-ins to weigh', '30')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: { policy: string; days: string }, cmd: Command) => {
      if (!(IMPACT_POLICIES as readonly string[]).includes(opts.policy)) {
        throw usageError(`--policy takes ${IMPACT_POLICIES.join(' or ')}, not "${opts.policy}"`);
      }
      const days = /^\d+$/.test(opts.days) ? Number(opts.days) : Number.NaN;
      if (!Number.isInteger(days) || days < 1)
        throw usageError(`--days takes a whole number of days, not "${opts.days}"`);
      const report = await withWorkspace(cmd, (ws) => rolloutImpact(ws, opts.policy as ImpactPolicy, days));
      if (globalOptions(cmd).json) printJson(report);
      else say(cmd, renderImpactText(report, terminalSafe));
    });
}
