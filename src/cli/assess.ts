import { existsSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { EXIT_FINDINGS } from '../core/errors.js';
import { atLeast } from '../core/severity.js';
import { type Assessment, assess, readSignInSignals } from '../posture/assess.js';
import { loadSnapshot } from '../posture/assess-workspace.js';
import { loadBaseline } from '../posture/baseline.js';
import { CheckContext } from '../posture/checks/context.js';
import { type Drift, drift } from '../posture/drift.js';
import { readRegister, registerPath } from '../posture/exceptions/register.js';
import { type ExecEntry, execReport } from '../posture/execs.js';
import { driftLines, renderAssessmentMarkdown, renderAssessmentText } from '../posture/render-assessment.js';
import { failOnThreshold, globalOptions, printJson, say, usageError, withWorkspace } from './common.js';
import { stdout } from './io.js';
import { terminalSafe } from './terminal.js';

const EXAMPLES = `
Reads a configuration snapshot (a folder of Graph response bodies as collect --config or simulate writes it, or
the newest snapshot stored in the workspace), runs the baseline checks (content/baselines) and applies the
workspace's exceptions.yaml: an approved, unexpired exception makes a finding accepted risk; an expired or
unapproved one leaves it failing. Checks whose data the snapshot lacks say no-data, never pass.

Examples:
  premortem assess --snapshot ./demo-tenant/config
  premortem assess --snapshot ./config-today --drift-from ./config-last-week     what changed, and who did it
  premortem assess --format md --out posture.md
  premortem assess --json --fail-on high          exit 1 when a high or critical check fails`;

interface AssessOptions {
  snapshot?: string;
  driftFrom?: string;
  format: string;
  out?: string;
  vip?: string[];
}

/** `premortem assess [--snapshot DIR]`: posture against the baseline, exceptions applied. */
export function registerAssess(program: Command): void {
  program
    .command('assess')
    .description('check a configuration snapshot against the baseline, with the exceptions register applied')
    .option('--snapshot <dir|id>', 'snapshot folder (or a stored snapshot id); default: the newest in the workspace')
    .option('--drift-from <dir|id>', 'an earlier snapshot: show what changed in posture and the audit events behind it')
    .addOption(
      new Option('--format <format>', 'output format (json: same as --json)')
        .choices(['text', 'md', 'json'])
        .default('text'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--vip <upn...>', 'identities to treat as VIPs in the one-rule-for-execs report (job titles count too)')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: AssessOptions, cmd: Command) => {
      const threshold = failOnThreshold(cmd);
      const format = globalOptions(cmd).json ? 'json' : opts.format;
      if (!['text', 'md', 'json'].includes(format))
        throw usageError(`--format takes text, md or json, not "${format}"`);
      const now = new Date();
      const checks = loadBaseline();
      const { assessment, execs, driftResult } = await withWorkspace(
        cmd,
        async (ws) => {
          const register = readRegister(registerPath(ws.dir));
          const signins = await readSignInSignals(ws);
          const snapshot = await loadSnapshot(ws, opts.snapshot);
          const assessment = assess(snapshot, checks, register, { now, ...(signins ? { signins } : {}) });
          const execs = execReport(new CheckContext(snapshot, now), opts.vip ?? []);
          let driftResult: Drift | undefined;
          if (opts.driftFrom !== undefined) {
            const before = await loadSnapshot(ws, opts.driftFrom);
            const earlier = assess(before, checks, register, { now, ...(signins ? { signins } : {}) });
            driftResult = await drift(ws, before, snapshot, earlier, assessment);
          }
          return { assessment, execs, driftResult };
          // A --snapshot folder is loaded into the workspace: that brings data in, so it may create one.
        },
        { create: opts.snapshot !== undefined && existsSync(opts.snapshot) },
      );
      emit(cmd, format, opts.out, assessment, execs, driftResult);
      const failed = assessment.results.filter((r) => r.status === 'fail');
      if (threshold !== undefined && failed.some((r) => atLeast(r.severity, threshold)))
        process.exitCode = EXIT_FINDINGS;
    });
}

function emit(
  cmd: Command,
  format: string,
  out: string | undefined,
  assessment: Assessment,
  execs: readonly ExecEntry[],
  driftResult: Drift | undefined,
): void {
  if (format === 'json' && !out) {
    printJson({ ...assessment, execs, ...(driftResult ? { drift: driftResult } : {}) });
    return;
  }
  let text: string;
  if (format === 'json')
    text = `${JSON.stringify({ ...assessment, execs, ...(driftResult ? { drift: driftResult } : {}) }, null, 2)}\n`;
  else if (format === 'md') text = `${renderAssessmentMarkdown(assessment, execs, driftResult)}\n`;
  else {
    text = renderAssessmentText(assessment, execs, terminalSafe);
    if (driftResult) {
      const lines = driftLines(driftResult).map((l) => `  ${terminalSafe(l)}`);
      text += `\n\nDrift since ${driftResult.from.takenAt}:\n${lines.join('\n')}`;
    }
    text += '\n';
  }
  if (out) {
    writeFileSync(out, text);
    say(cmd, `wrote ${out}`);
  } else stdout(text);
}
