/**
 * Reading and changing `exceptions.yaml`. The file is the register (kept in the workspace, reviewable in git);
 * every change re-validates the whole file before writing, and writes it atomically, so a half-written or invalid
 * register never replaces a good one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { PremortemError } from '../../core/errors.js';
import { parseYamlWith } from '../../core/yaml-file.js';
import { DEFAULT_MAX_DAYS, type ExceptionEntry, exceptionSchema, MAX_DAYS_CEILING, registerSchema } from './schema.js';

/** The register's file name in a workspace. */
export const EXCEPTIONS_FILE = 'exceptions.yaml';

const HINT = 'each entry needs id, control, subjects, reason, owner, created, expires and compensating_controls';

const HEADER = `# premortem exceptions register: governed exceptions to the posture baseline.
# Posture reports an approved, unexpired exception as accepted risk; an expired or unapproved one as a failure;
# an exclusion in a Conditional Access policy with no exception as a finding. Edit with \`premortem exceptions\`.
`;

/** The register's path for a workspace folder. */
export function registerPath(workspaceDir: string): string {
  return join(workspaceDir, EXCEPTIONS_FILE);
}

/** Reads and validates the register; a missing file is an empty register. */
export function readRegister(file: string): ExceptionEntry[] {
  if (!existsSync(file)) return [];
  return parseYamlWith(file, readFileSync(file, 'utf8'), registerSchema, HINT).exceptions;
}

/** Validates and writes the register (atomically: temp file, then rename). */
export function writeRegister(file: string, entries: readonly ExceptionEntry[]): void {
  const text = HEADER + stringify({ exceptions: entries.map(compact) }, { lineWidth: 0 });
  parseYamlWith(file, text, registerSchema, HINT); // never write what would not read back
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Drops empty subject lists and absent fields so the file stays short to review. */
function compact(e: ExceptionEntry): Record<string, unknown> {
  const subjects = Object.fromEntries(Object.entries(e.subjects).filter(([, v]) => v.length > 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...e, subjects })) if (v !== undefined) out[k] = v;
  return out;
}

/** The next free id: EXC-001, EXC-002, ... */
export function nextId(entries: readonly ExceptionEntry[]): string {
  const n = entries.reduce((m, e) => Math.max(m, Number(e.id.slice(4)) || 0), 0) + 1;
  return `EXC-${String(n).padStart(3, '0')}`;
}

/** What `exceptions add` is given. */
export type NewException = Omit<ExceptionEntry, 'id' | 'created' | 'expires'> & {
  readonly days: number;
  readonly now: Date;
};

/** Adds an entry (created now, expires after `days`) and writes the register; returns the entry. */
export function addException(file: string, input: NewException): ExceptionEntry {
  const entries = readRegister(file);
  if (input.max_days !== undefined && input.max_days > MAX_DAYS_CEILING) {
    throw new PremortemError('usage', `--max-days ${input.max_days} is more than ${MAX_DAYS_CEILING} days`, {
      hint: `no exception lasts longer than ${MAX_DAYS_CEILING} days; renew it after a review instead`,
    });
  }
  const cap = input.max_days ?? DEFAULT_MAX_DAYS;
  if (input.days > cap) {
    throw new PremortemError('usage', `--days ${input.days} is more than ${cap} days`, {
      hint: `exceptions last ${DEFAULT_MAX_DAYS} days at most; pass --max-days ${input.days} to record a longer one deliberately`,
    });
  }
  const created = input.now.toISOString().slice(0, 10);
  const expires = new Date(Date.parse(created) + input.days * 86_400_000).toISOString().slice(0, 10);
  const { days: _days, now: _now, ...rest } = input;
  const entry: ExceptionEntry = { id: nextId(entries), ...rest, created, expires };
  checkNewEntry(entry);
  writeRegister(file, [...entries, entry]);
  return entry;
}

/** The command-line flag each field of a new entry comes from, so a refusal names what the user typed. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  control: '--control',
  subjects: '--user, --group, --sp or --app',
  reason: '--reason',
  owner: '--owner',
  approver: '--approver',
  max_days: '--max-days',
  expires: '--days',
  compensating_controls: '--compensating',
  allowed_ips: '--allowed-ip',
};

/**
 * A new entry is checked on its own before the register is written: otherwise its fault is reported against a
 * line of a file that was never written, which reads as a corrupt register rather than a bad argument.
 */
function checkNewEntry(entry: ExceptionEntry): void {
  const result = exceptionSchema.safeParse(entry);
  if (result.success) return;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const flag = FLAG_OF_FIELD[field] ?? field;
  throw new PremortemError('usage', `${flag}: ${issue?.message ?? 'invalid'}`, {
    hint: 'nothing was written; the register is unchanged',
  });
}

/** Ends an exception now (expires set to this instant); the entry stays in the register as history. */
export function expireException(file: string, id: string, now: Date): ExceptionEntry {
  const entries = readRegister(file);
  const i = entries.findIndex((e) => e.id === id);
  const found = entries[i];
  if (found === undefined) {
    throw new PremortemError('usage', `no exception ${id} in ${file}`, {
      hint: `known ids: ${entries.map((e) => e.id).join(', ') || 'none'}`,
    });
  }
  const ended: ExceptionEntry = { ...found, expires: `${now.toISOString().slice(0, 19)}Z` };
  const next = [...entries];
  next[i] = ended;
  writeRegister(file, next);
  return ended;
}
