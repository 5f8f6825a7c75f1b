import type { Command } from 'commander';
import { rawRecord } from '../ingest/raw-record.js';
import { findReject, isRejectRef, listRejects, type RejectView } from '../ingest/rejects.js';
import { globalOptions, printJson, say, usageError, withWorkspace } from './common.js';
import { stderr, stdout } from './io.js';
import { terminalSafe } from './terminal.js';

interface ShowOptions {
  rejects?: string | boolean;
  limit?: string;
}

/**
 * `premortem show UID`: the raw record behind a row, re-read from the kept original. `show reject:SHA:INDEX` and
 * `show --rejects [FILE|SHA]`: records the import could not load, with the reason and the text as it was read.
 */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('print the raw record behind a row (by uid), or records the import rejected, with the reason')
    .argument('[uid]', 'a row uid (the source id, or sha256:…), or a rejected record: reject:<sha256 prefix>:<index>')
    .option('--rejects [file]', 'list rejected records: of every file, or of one (its imported path or SHA-256)')
    .option('--limit <n>', 'with --rejects: at most this many records', '50')
    .addHelpText(
      'after',
      `
Rejected records (kept by the import with the reason, the file and the record index) are listed with --rejects
and named reject:<sha256 prefix>:<record index>; a negative index is a CSV line the reader could not split. The
raw text is printed as it was read, with control characters shown as \\uXXXX; --json gives the records as data.

Examples:
  premortem show 66ea54eb-6301-4ee5-be62-ff5a759b0100
  premortem show sha256:0f3c… --json
  premortem show --rejects
  premortem show --rejects ./exports/InteractiveSignIns_2025-09-26.csv
  premortem show reject:3fa85f6457b2:12`,
    )
    .action(async (uid: string | undefined, opts: ShowOptions, cmd: Command) => {
      const json = globalOptions(cmd).json === true;
      if (opts.rejects !== undefined && opts.rejects !== false) {
        const limit = Number(opts.limit ?? '50');
        if (!Number.isInteger(limit) || limit < 0) throw usageError(`--limit ${opts.limit}: expected a whole number`);
        const file = typeof opts.rejects === 'string' ? opts.rejects : uid;
        const list = await withWorkspace(cmd, (ws) => listRejects(ws, file, limit), { access: 'read' });
        if (json) return printJson(list);
        for (const r of list.rejects) printReject(cmd, r);
        const shown = list.rejects.length;
        say(cmd, `${list.total} rejected record(s)${shown < list.total ? `, ${shown} shown (--limit)` : ''}`);
        return;
      }
      if (uid === undefined) throw usageError('show needs a uid, a reject:… reference or --rejects');
      if (isRejectRef(uid)) {
        const r = await withWorkspace(cmd, (ws) => findReject(ws, uid), { access: 'read' });
        if (json) return printJson(r);
        printReject(cmd, r);
        return;
      }
      const view = await withWorkspace(cmd, (ws) => rawRecord(ws, uid), { access: 'read' });
      if (json) return printJson(view);
      stderr(
        `${view.table} ${terminalSafe(view.uid)}: record ${view.record_index} of ${terminalSafe(view.path)} (${view.source_shape}, sha256 ${view.evidence_sha256})\n`,
      );
      // The record is attacker-controlled text: printed, never interpreted.
      stdout(`${terminalSafe(view.raw)}\n`);
    });
}

/** One reject: where and why on one line, then its text as read (escaped: it is input, never interpreted). */
function printReject(cmd: Command, r: RejectView): void {
  say(cmd, `${r.ref}  record ${r.record_index} of ${terminalSafe(r.path)}`);
  say(cmd, `  reason: ${terminalSafe(r.reason)}`);
  say(cmd, r.raw === null ? '  (no text kept)' : terminalSafe(r.raw).replace(/^/gm, '  | '));
}
