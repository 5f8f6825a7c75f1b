import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PremortemError } from '../../core/errors.js';

export interface InputFile {
  path: string;
  /** Named on the command line (an unsupported shape is then an error), or found inside a named folder. */
  explicit: boolean;
}

export interface ExpandOptions {
  /** A folder this says yes to is not walked but returned whole (configuration snapshots: one resource per file). */
  isFolderInput?: (dir: string) => boolean;
}

/** Expands files and folders (recursively, in a stable order) into the files to import, and whole-folder inputs. */
export async function expandPaths(
  paths: readonly string[],
  options: ExpandOptions = {},
): Promise<{ files: InputFile[]; folders: string[]; skipped: { path: string; seen: string }[] }> {
  const out: InputFile[] = [];
  const folders: string[] = [];
  const skipped: { path: string; seen: string }[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch {
      throw new PremortemError('input-not-found', `no such file or folder: ${p}`, {
        source: { file: p },
        hint: 'check the path; folders are imported recursively',
      });
    }
    if (st.isDirectory()) {
      for (const f of await walk(abs, options, folders, skipped)) out.push({ path: f, explicit: false });
    } else if (!st.isFile()) {
      // A pipe (import <(cat f)), a FIFO or a device: import reads a file more than once (hash and keep, check,
      // load), and a FIFO with no writer would block forever.
      throw new PremortemError('input-unsupported', `${p} is ${notRegular(st)}, not a file`, {
        source: { file: p },
        hint: 'save the data to a file first, then import the file',
      });
    } else out.push({ path: abs, explicit: true });
  }
  return { files: out, folders, skipped };
}

function notRegular(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean }): string {
  if (st.isFIFO()) return 'a pipe or FIFO';
  if (st.isSocket()) return 'a socket';
  return st.isCharacterDevice() ? 'a character device' : 'a device';
}

async function walk(
  dir: string,
  options: ExpandOptions,
  folders: string[],
  skipped: { path: string; seen: string }[],
): Promise<string[]> {
  if (options.isFolderInput?.(dir)) {
    folders.push(dir);
    return [];
  }
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    // Skipped, but named in the summary: nothing in a folder is passed over without a word.
    if (e.name.startsWith('.')) skipped.push({ path: full, seen: 'a hidden entry (its name starts with a dot)' });
    else if (e.isDirectory()) files.push(...(await walk(full, options, folders, skipped)));
    else if (e.isFile()) files.push(full);
    else skipped.push({ path: full, seen: e.isFIFO() ? 'a pipe or FIFO, not a file' : 'not a regular file' });
  }
  return files;
}
