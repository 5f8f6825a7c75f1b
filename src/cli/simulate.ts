import { join } from 'node:path';
import type { Command } from 'commander';
import {
  checkOutDir,
  configSnapshot,
  GRAPH_ACTIVITY_DIR,
  NAMED_ONLY_SCENARIOS,
  SCENARIOS,
  selectScenarios,
  simulate,
  writeConfigSnapshot,
  writeGraphJson,
} from '../simulate/index.js';
import { globalOptions, printJson, say, usageError } from './common.js';

const EXAMPLES = `
Examples:
  premortem simulate --out ./demo-tenant                      the demo tenant with every scenario, seed 1
  premortem simulate --out ./demo-tenant --seed 7             another tenant, same stories
  premortem simulate --out ./clean --scenario none            the ordinary month only (false-positive checks)
  premortem simulate --out ./demo-tenant && premortem import ./demo-tenant && premortem detect

Writes Graph list pages, newest first, 1000 records each: DIR/signIns/page-0001.json ... (beta signIn) and
DIR/directoryAudits/page-0001.json ... (v1.0 directoryAudit); the unified audit log of scenarios that have one as
Office 365 Management Activity API content blobs, DIR/unifiedAuditLog/Audit.Exchange-0001.json ... (JSON arrays of
AuditData records); the Microsoft Graph activity log of scenarios that have one as Azure Monitor's storage
account writes it, DIR/insights-logs-microsoftgraphactivitylogs/.../PT1H.json (one diagnostic record per line); and
the tenant's configuration snapshot at the end of the month to DIR/config/ (one Graph body per resource, as collect
--config writes it; premortem assess --snapshot DIR/config). premortem import DIR loads all of it. The same seed always writes the same bytes.
Scenarios: ${SCENARIOS.map((s) => `${s.name} (${s.seed})`).join('; ')}.
Detection-envelope variants (by name only, not in "all"; docs/rules.md):
${NAMED_ONLY_SCENARIOS.map((s) => `  ${s.name}: ${s.title}`).join('\n')}`;

/** `premortem simulate --out DIR [--seed N] [--scenario NAME|all|none]`: the deterministic demo tenant as Graph JSON. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('write a deterministic demo tenant and attack scenarios as Microsoft Graph JSON pages')
    .requiredOption('--out <dir>', 'folder to write signIns/ and directoryAudits/ into (created when missing)')
    .option('--seed <n>', 'integer from 0 to 4294967295; the same seed writes the same files', '1')
    .option('--scenario <name>', `${SCENARIOS.map((s) => s.name).join(', ')}, all, none, or a variant below`, 'all')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: { out: string; seed: string; scenario: string }, cmd: Command) => {
      const seed = parseSeed(opts.seed);
      // Usage errors before any work is done.
      const scenarios = selectScenarios(opts.scenario);
      await checkOutDir(opts.out);
      const sim = simulate({ seed, scenario: opts.scenario });
      const written = await writeGraphJson(sim, opts.out);
      const configDir = join(opts.out, 'config');
      const configFiles = writeConfigSnapshot(configDir, configSnapshot(sim));
      const { tenant, groundTruth } = sim;
      if (globalOptions(cmd).json) {
        printJson({
          out: opts.out,
          seed,
          tenant: { id: tenant.id, domain: tenant.domain, users: tenant.users.length },
          window: groundTruth.window,
          scenarios: scenarios.map((s) => ({ name: s.name, title: s.title, window: s.window })),
          signIns: written.signIns,
          directoryAudits: written.directoryAudits,
          unifiedAuditLog: written.unifiedAuditLog,
          graphActivity: written.graphActivity,
          files: written.files,
          config: { dir: configDir, files: configFiles.length },
        });
        return;
      }
      const n = (v: number) => v.toLocaleString('en-US');
      const pages = (v: number) => `${v} page${v === 1 ? '' : 's'}`;
      say(cmd, `Simulated ${tenant.displayName} (${tenant.domain}), seed ${seed}: ${n(tenant.users.length)} users`);
      say(
        cmd,
        `  ${n(written.signIns.records).padStart(7)} sign-ins          ${pages(written.signIns.pages).padEnd(9)} ${opts.out}/signIns/`,
      );
      say(
        cmd,
        `  ${n(written.directoryAudits.records).padStart(7)} directory audits  ${pages(written.directoryAudits.pages).padEnd(9)} ${opts.out}/directoryAudits/`,
      );
      if (written.unifiedAuditLog.records > 0) {
        const blobs = `${written.unifiedAuditLog.blobs} blob${written.unifiedAuditLog.blobs === 1 ? '' : 's'}`;
        say(
          cmd,
          `  ${n(written.unifiedAuditLog.records).padStart(7)} unified audit log ${blobs.padEnd(9)} ${opts.out}/unifiedAuditLog/`,
        );
      }
      if (written.graphActivity.records > 0) {
        const blobs = `${written.graphActivity.blobs} blob${written.graphActivity.blobs === 1 ? '' : 's'}`;
        say(
          cmd,
          `  ${n(written.graphActivity.records).padStart(7)} Graph activity    ${blobs.padEnd(9)} ${opts.out}/${GRAPH_ACTIVITY_DIR}/`,
        );
      }
      say(cmd, `  ${String(configFiles.length - 1).padStart(7)} config resources  snapshot  ${configDir}/`);
      say(cmd, `  window ${groundTruth.window.start} .. ${groundTruth.window.end}`);
      for (const s of scenarios) say(cmd, `  scenario ${s.name}: ${s.title} (${s.window.start} .. ${s.window.end})`);
      if (scenarios.length === 0) say(cmd, '  no scenario: the ordinary month only');
      say(cmd, `Next: premortem import ${opts.out} && premortem detect`);
    });
}

function parseSeed(text: string): number {
  const seed = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(seed) || seed > 0xffffffff) {
    throw usageError(`--seed takes an integer from 0 to 4294967295, not "${text}"`, 'for example: --seed 7');
  }
  return seed;
}
