/**
 * The one way premortem reads YAML (exceptions.yaml, notify.yaml, fleet.yaml, the Graph settings file, rule,
 * pipeline and technique files): the same parse options and the same limits everywhere, and every problem a
 * PremortemError naming the file, the line and column of the offending node and the field path, so
 * "exceptions.yaml:14:7 exceptions[1].expires" points at the line to fix (STYLE.md: one error family carrying file,
 * line and column).
 */
import { type Document, isMap, isSeq, LineCounter, type Node, parseAllDocuments, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type ErrorCode, PremortemError } from './errors.js';

/**
 * Limits a YAML file is held to. Aliases: a "billion laughs" document (nine aliases of nine aliases of …) expands
 * to gigabytes; yaml's own check stops it, as a plain Error that used to surface as an internal error (exit 3).
 * Size: the largest file premortem ships (a rule, the technique catalogue) is tens of KB.
 */
export const YAML_LIMITS = { maxBytes: 4 * 1024 * 1024, maxAliasCount: 100 } as const;

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

function checkSize(file: string, text: string, code: ErrorCode): void {
  const bytes = Buffer.byteLength(text);
  if (bytes > YAML_LIMITS.maxBytes) {
    throw new PremortemError(
      code,
      `${file}: ${bytes} bytes of YAML is more than the ${YAML_LIMITS.maxBytes} bytes premortem reads`,
      { source: { file }, hint: 'no configuration or rule file comes near this size: is it the right file?' },
    );
  }
}

/** Every document of a YAML file, parsed with the shared options; syntax errors stay on each document. */
export function parseYamlDocuments(
  file: string,
  text: string,
  code: ErrorCode = 'input-malformed',
): { documents: Document.Parsed[]; lines: LineCounter } {
  checkSize(file, text, code);
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines });
  return { documents: Array.isArray(parsed) ? parsed : [], lines };
}

/**
 * A parsed document as plain values, aliases expanded within YAML_LIMITS.maxAliasCount; beyond it an input error
 * naming the file and where the document starts, never a resource exhaustion or an internal error.
 */
export function yamlToJs(
  file: string,
  doc: Document,
  lines?: LineCounter,
  code: ErrorCode = 'input-malformed',
): unknown {
  try {
    return doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const pos = lines && doc.range ? lines.linePos(doc.range[0]) : { line: 1, col: 1 };
    throw new PremortemError(
      code,
      `${file}:${pos.line}:${pos.col}: YAML aliases expand too far (${err.message}; at most ${YAML_LIMITS.maxAliasCount} alias expansions are read)`,
      {
        source: { file, line: pos.line, column: pos.col },
        hint: 'write the values out instead of nesting aliases of aliases',
      },
    );
  }
}

/** Parses one document; a syntax error is thrown, located. */
function parseOne(file: string, text: string, hint?: string): { doc: Document.Parsed; lines: LineCounter } {
  checkSize(file, text, 'input-malformed');
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lines });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0]);
    throw new PremortemError(
      'input-malformed',
      `${file}:${pos.line}:${pos.col}: YAML syntax: ${syntax.message.split('\n')[0]}`,
      { source: { file, line: pos.line, column: pos.col }, ...(hint === undefined ? {} : { hint }) },
    );
  }
  return { doc, lines };
}

/** Parses one YAML document (YAML or JSON text) into plain values, within the limits; problems are input errors. */
export function parseYamlValue(file: string, text: string, hint?: string): unknown {
  const { doc, lines } = parseOne(file, text, hint);
  return yamlToJs(file, doc, lines);
}

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
  const { doc, lines } = parseOne(file, text, hint);
  const result = schema.safeParse(yamlToJs(file, doc, lines) ?? {});
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
