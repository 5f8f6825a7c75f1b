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
): Promise<{ files: InputFile[]; folders: string[] }> {
  const out: InputFile[] = [];
  const folders: string[] = [];
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
      for (const f of await walk(abs, options, folders)) out.push({ path: f, explicit: false });
    } else out.push({ path: abs, explicit: true });
  }
  return { files: out, folders };
}

async function walk(dir: string, options: ExpandOptions, folders: string[]): Promise<string[]> {
  if (options.isFolderInput?.(dir)) {
    folders.push(dir);
    return [];
  }
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(full, options, folders)));
    else if (e.isFile()) files.push(full);
  }
  return files;
}
