import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type ImportProgress, type ImportSummary, importPaths } from '../ingest/import-files.js';
import type { DateOrder } from '../normalize/locale-date.js';
import { EXIT_USAGE, globalOptions, note, printJson, say, usageError, withWorkspace } from './common.js';
import { terminalLine, terminalSafe } from './terminal.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import sign-in, directory-audit and unified-audit-log exports (files or folders, recursively)')
    .argument('<paths...>', 'files or folders')
    .option(
      '--date-order <order>',
      'dmy or mdy: how to read dates such as 03/04/2026 in files whose own dates do not show the order',
    )
    .addHelpText(
      'after',
      `
Shapes, detected from the content (not the file name):
  Graph JSON        {"value":[…]} pages, arrays, NDJSON (v1.0 and beta; Extractor-Suite, Untitled Goose Tool)
  AzureADPreview    PascalCase sign-ins and audits (older Extractor-Suite, Graph SDK ConvertTo-Json)
  Azure Monitor     diagnostic records: {"records":[…]} bodies and one record per line (PT1H.json folders)
  Log Analytics     CSV exports (X_dynamic/X_string columns, US-style dates) and JSON; SigninLogs, AuditLogs,
                    OfficeActivity
  Entra portal      sign-in and audit "Download" CSV files
  Unified audit log Management Activity API JSON, Search-UnifiedAuditLog / Purview CSV (AuditData column),
                    Extractor-Suite UAL JSON, Untitled Goose Tool AuditData JSONL, Graph audit log queries
  Configuration     Microsoft-Extractor-Suite CSVs, stored as a configuration snapshot: Get-MFA (user
                    registration details, methods), Get-AllRoleActivity, Get-PIMAssignments,
                    Get-OAuthPermissions, Get-MailboxRules, Get-TransportRules

Dates such as 23/11/2026 or 23.11.2026 (non-US locales) and 11/23/2026 2:05:09 PM are read in the order the
file's own dates prove (a first number above 12 is a day, a second number above 12 a month). When no date in a
file shows the order, dates that read either way are read month-first and their number is reported in the
summary (ambiguousDates with --json); say the order with --date-order dmy|mdy to read them otherwise.

Importing the same data twice changes nothing. Records that cannot be read are kept in the rejects table with
the reason; every file gets an evidence row (path, SHA-256, counts) and is kept, compressed, in the workspace
(premortem evidence verify, premortem show UID).

On a terminal, a bar on stderr follows each file: for one-record-per-line files DuckDB loads itself, by its own
progress through the checking pass and then the load. None with --json or when stderr is not a terminal.

Examples:
  premortem import ./exports
  premortem import SignIns.json AuditLogs.csv --json`,
    )
    .action(async (paths: string[], opts: { dateOrder?: string }, cmd: Command) => {
      const json = globalOptions(cmd).json === true;
      const dateOrder = parseDateOrder(opts.dateOrder);
      const bar =
        !json && process.stderr.isTTY
          ? new SingleBar({ format: ' {bar} {percentage}% | {file}', hideCursor: true })
          : undefined;
      let current = '';
      // Only with a bar to draw: without an onProgress the import does no progress tracking at all.
      const onProgress =
        bar &&
        ((p: ImportProgress) => {
          if (p.file !== current) {
            if (current) bar.stop();
            current = p.file;
            bar.start(Math.max(p.bytesTotal, 1), 0, { file: `${p.fileIndex}/${p.fileCount} ${p.file}` });
          }
          bar.update(Math.min(p.bytesDone, p.bytesTotal));
        });
      const summary = await withWorkspace(
        cmd,
        (ws) => importPaths(ws, paths, { ...(onProgress ? { onProgress } : {}), ...(dateOrder ? { dateOrder } : {}) }),
        { create: true },
      );
      if (current) bar?.stop();
      if (json) printJson(summary);
      else printSummary(cmd, summary);
      failUnusable(summary);
    });
}

/**
 * A file whose every record was rejected gave nothing to detect on: the import is an input error (exit 2) naming
 * it, not a success. Its rejects and evidence row stay, so the records can be looked at (premortem show --rejects).
 */
function failUnusable(s: ImportSummary): void {
  const unusable = s.files.filter((f) => f.read > 0 && f.loaded + f.duplicate === 0);
  for (const f of unusable) {
    const why = f.rejectReasons[0]
      ? ` (${terminalSafe(f.rejectReasons[0].reason)}${f.rejectReasons.length > 1 ? ', …' : ''})`
      : '';
    note(
      `premortem: ${terminalLine(f.path)}: every one of its ${f.read} record(s) was rejected${why}; nothing from it can be detected on`,
    );
  }
  if (unusable.length > 0) {
    note(`  hint: premortem show --rejects FILE lists each rejected record with its reason and text`);
    process.exitCode = EXIT_USAGE;
  }
}

function parseDateOrder(text: string | undefined): DateOrder | undefined {
  if (text === undefined) return undefined;
  const v = text.toLowerCase();
  if (v === 'dmy' || v === 'mdy') return v;
  throw usageError(`--date-order ${text}: expected dmy (day first) or mdy (month first)`);
}

/** A file's reject reasons and where it holds bytes that are not UTF-8, the first five of each. */
function sayRejects(cmd: Command, f: ImportSummary['files'][number] | ImportSummary['configFiles'][number]): void {
  for (const r of f.rejectReasons.slice(0, 5)) say(cmd, `  rejected ${r.count}: ${terminalSafe(r.reason)}`);
  for (const b of f.invalidUtf8?.slice(0, 5) ?? [])
    say(
      cmd,
      `  invalid UTF-8: byte ${b.byte} at ${b.line !== undefined ? `line ${b.line}, file offset ${b.fileOffset}` : `record ${b.record}, byte ${b.recordOffset} of the record`} (its record is rejected)`,
    );
}

function printSummary(cmd: Command, s: ImportSummary): void {
  for (const f of s.files) {
    const tables = Object.entries(f.byTable)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    say(
      cmd,
      `${terminalLine(f.path)}\n  ${f.shape} (${f.kind}): read ${f.read} = loaded ${f.loaded}${tables ? ` (${tables})` : ''} + duplicate ${f.duplicate} + rejected ${f.rejected}`,
    );
    if (f.conflict > 0)
      say(
        cmd,
        `  conflict ${f.conflict} of the duplicates: the id is already taken by a different record (another event time or kind); the first kept: ${f.conflicts.map((c) => `${c.table} ${terminalSafe(c.uid)}`).join(', ')}${f.conflict > f.conflicts.length ? ', …' : ''}`,
      );
    if (f.undated > 0)
      say(
        cmd,
        `  note: ${f.undated} records carry no event time (a projected query export?); kept, not placed on timelines`,
      );
    if (f.dates) say(cmd, `  dates: ${terminalSafe(f.dates.basis)}`);
    if (f.dates && f.dates.ambiguousDates > 0)
      say(
        cmd,
        `  note: ${f.dates.ambiguousDates} dates read either way and nothing in the file shows the order: read month-first; if the file is day-first, re-import with --date-order dmy`,
      );
    sayRejects(cmd, f);
  }
  for (const f of s.configFiles) {
    const resources = Object.entries(f.resources)
      .map(([r, n]) => `${n} ${r}`)
      .join(', ');
    say(
      cmd,
      `${terminalLine(f.path)}\n  ${f.kind}: read ${f.read} = loaded ${f.loaded}${resources ? ` (${resources})` : ''} + duplicate ${f.duplicate} + rejected ${f.rejected}`,
    );
    if (f.dates.ambiguousDates > 0)
      say(
        cmd,
        `  note: ${f.dates.ambiguousDates} dates read either way (${terminalSafe(f.dates.basis)}); if the file is day-first, re-import with --date-order dmy`,
      );
    sayRejects(cmd, f);
  }
  for (const snap of s.snapshots) {
    const n = snap.resources.reduce((a, r) => a + r.objects, 0);
    say(
      cmd,
      `configuration snapshot ${snap.snapshotId} (${snap.takenAt}): ${snap.resources.length} resources, ${n} objects`,
    );
  }
  for (const k of s.skipped) say(cmd, `skipped ${terminalLine(k.path)}: not a supported log: ${terminalSafe(k.seen)}`);
  const t = s.totals;
  say(
    cmd,
    `\n${t.files} file(s) imported: read ${t.read}, loaded ${t.loaded}, duplicate ${t.duplicate}${t.conflict > 0 ? ` (${t.conflict} conflicting: same id, different record)` : ''}, rejected ${t.rejected}; ${s.skipped.length} skipped${s.configFiles.length > 0 ? `; ${s.configFiles.length} configuration file(s) into snapshots` : ''}`,
  );
  if (s.removedOriginals)
    note(
      `removed ${s.removedOriginals.length} kept original(s) an earlier import left without an evidence row (it did not finish): ${s.removedOriginals.map((h) => h.slice(0, 12)).join(', ')}`,
    );
  if (t.rejected > 0) note('rejected records are kept with their reason: see the rejects table in the workspace');
}
