import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md's "knows about" table, with the folders docs/architecture.md adds (ingest, collect, snapshot,
 * simulate). `*`: everything (cli, serve, fleet: they run the others). A folder may import what it knows about and, transitively, what those know about: the arrows point
 * down the flow (sources → normalize → store → detect/assess/readiness → investigate → report), never up it.
 * Tests are exempt: a test may set up whatever it exercises.
 */
const KNOWS: Readonly<Record<string, readonly string[]>> = {
  core: [],
  sources: ['core'],
  normalize: ['core'],
  store: ['core'],
  rules: ['core'],
  compile: ['rules'],
  detect: ['compile', 'store'],
  snapshot: ['store', 'sources'],
  ingest: ['sources', 'normalize', 'store', 'snapshot'],
  collect: ['sources', 'normalize', 'store', 'snapshot'],
  posture: ['store', 'snapshot'],
  investigate: ['store', 'detect'],
  readiness: ['store', 'rules', 'snapshot'],
  // The Response section shows what premortem contain did (its trail).
  report: ['investigate', 'posture', 'readiness', 'contain'],
  simulate: ['core'],
  // The envelope sweep: simulated variants imported and run through the detection engine (issue 12's proof).
  sweep: ['simulate', 'ingest', 'detect'],
  notify: ['core', 'store'],
  // A plan is built from an incident and its evidence (investigate), the snapshot's ids and the impact of a policy
  // switch (posture); its writes go through the Graph client (sources). Reports, serve and the CLI use it.
  contain: ['investigate', 'posture', 'sources'],
  serve: ['*'],
  fleet: ['*'],
  cli: ['*'],
};

const SRC = import.meta.dirname;

/** Everything a folder may import: itself, what it knows about, and what those know about. */
function allowed(folder: string): Set<string> {
  const seen = new Set([folder]);
  const queue = [...(KNOWS[folder] ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(KNOWS[next] ?? []));
  }
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The top folder under src/ of a path, or undefined outside src/. */
function folderOf(file: string, root = SRC): string | undefined {
  const rel = relative(root, file);
  return rel.startsWith('..') || !rel.includes('/') ? undefined : rel.split('/')[0];
}

/** Every relative import (static, re-export or dynamic) of a file, resolved to a path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((s) => resolve(dirname(file), s));
}

/** Imports that point up the flow, as "file -> imported file". */
function violations(files: readonly string[], root = SRC): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = folderOf(file, root);
    if (from === undefined || KNOWS[from]?.includes('*')) continue;
    const ok = allowed(from);
    for (const target of importsOf(file)) {
      const to = folderOf(target, root);
      if (to !== undefined && !ok.has(to)) out.push(`${relative(root, file)} -> ${relative(root, target)}`);
    }
  }
  return out;
}

/**
 * Concepts with one home (issue 19's "one definition per ingest concept"): text that only that file may hold,
 * so a second writer of rejects or a second list of date formats fails here instead of drifting apart.
 */
const ONE_HOME: readonly { concept: string; pattern: RegExp; home: string }[] = [
  { concept: 'rejects are written', pattern: /INSERT\s+INTO\s+rejects\b/i, home: 'store/rejects.ts' },
  {
    concept: 'locale date formats',
    pattern: /%[dm][/.-]%[dm][/.-]%Y|%[dm]\$\{sep\}%[dm]/,
    home: 'normalize/locale-date.ts',
  },
  { concept: 'load counts are summed', pattern: /function addCounts\b/, home: 'store/load.ts' },
  {
    concept: 'the reject reason of a record with one event time',
    pattern: /IS NULL THEN 'no \$\{/,
    home: 'normalize/reject-reason.ts',
  },
];

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('each ingest concept is defined in one place', () => {
    const strays = ONE_HOME.flatMap(({ concept, pattern, home }) =>
      files
        .filter((f) => relative(SRC, f) !== home && pattern.test(readFileSync(f, 'utf8')))
        .map((f) => `${concept}: ${relative(SRC, f)} (its home is ${home})`),
    );
    expect(strays).toEqual([]);
  });

  it('every source folder is in the table', () => {
    const folders = new Set(files.map((f) => folderOf(f)).filter((f): f is string => f !== undefined));
    expect([...folders].filter((f) => !(f in KNOWS))).toEqual([]);
  });

  it('no import points up the flow', () => {
    expect(violations(files)).toEqual([]);
  });

  it('catches an import up the flow, and allows one down it', () => {
    const root = mkdtempSync(join(tmpdir(), 'premortem-arch-'));
    try {
      const write = (path: string, text: string): string => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
        return join(root, path);
      };
      const files = [
        write('sources/graph/x.ts', "import { runDetection } from '../../detect/run.js';\n"),
        write('posture/y.ts', "import type { Alert } from '../detect/alert.js';\nimport { z } from 'zod';\n"),
        write('report/z.ts', "export { sqlList } from '../store/sql-list.js';\n"),
        write('detect/w.ts', "const m = await import('../rules/model.js');\n"),
      ];
      expect(violations(files, root)).toEqual([
        'sources/graph/x.ts -> detect/run.js',
        'posture/y.ts -> detect/alert.js',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
