/**
 * Reads a YAML file and validates it with a zod schema; every problem is a PremortemError naming the file, the
 * line and column of the offending node and the field path, so "exceptions.yaml:14:7 exceptions[1].expires" points
 * at the line to fix (STYLE.md: one error family carrying file, line and column).
 */
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { PremortemError } from './errors.js';

function nodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node: unknown = root;
  let last: Node | undefined;
  for (const step of path) {
    if (isMap(node)) node = node.get(typeof step === 'number' ? step : String(step), true);
    else if (isSeq(node) && typeof step === 'number') node = node.get(step, true);
    else break;
    if (node && typeof node === 'object' && 'range' in node) last = node as Node;
    else break;
  }
  return last;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** Parses `text` (read from `file`) and validates it; throws the first problem, located. */
export function parseYamlWith<T>(file: string, text: string, schema: z.ZodType<T>, hint: string): T {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0]);
    throw new PremortemError(
      'input-malformed',
      `${file}:${pos.line}:${pos.col}: YAML syntax: ${syntax.message.split('\n')[0]}`,
      {
        source: { file, line: pos.line, column: pos.col },
        hint,
      },
    );
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // An unknown key is pointed at where it is written, not at the map that holds it.
  const unknown = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = [...(issue?.path ?? []), ...(unknown === undefined ? [] : [unknown])];
  const node = nodeAt(doc.contents, path);
  const pos = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
  const field = fieldPath(path);
  throw new PremortemError(
    'input-malformed',
    `${file}:${pos.line}:${pos.col}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`,
    { source: { file, line: pos.line, column: pos.col, ...(field ? { field } : {}) }, hint },
  );
}
