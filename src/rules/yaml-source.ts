import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node, type ParsedNode } from 'yaml';
import { type ErrorCode, type ErrorSource, PremortemError } from '../core/errors.js';
import { parseYamlDocuments } from '../core/yaml-file.js';

/** One YAML document of a rule file, with what is needed to point at any of its nodes by line and column. */
export interface YamlDocument {
  readonly file: string;
  /** 0-based position of the document in a multi-document file. */
  readonly index: number;
  readonly doc: Document.Parsed<ParsedNode>;
  readonly lines: LineCounter;
}

/** A path of map keys and list indexes into a YAML document. */
export type YamlPath = readonly (string | number)[];

/** Splits a file into its documents (`---`); YAML syntax errors come back as rule-invalid with their position. */
export function readYamlDocuments(file: string, text: string): { documents: YamlDocument[]; errors: PremortemError[] } {
  const documents: YamlDocument[] = [];
  const errors: PremortemError[] = [];
  let parsed: ReturnType<typeof parseYamlDocuments>;
  try {
    parsed = parseYamlDocuments(file, text, 'rule-invalid');
  } catch (err) {
    if (err instanceof PremortemError) return { documents, errors: [err] };
    throw err;
  }
  const { lines } = parsed;
  parsed.documents.forEach((doc, index) => {
    const first = doc.errors[0];
    if (first) {
      const pos = lines.linePos(first.pos[0]);
      errors.push(
        new PremortemError('rule-invalid', `YAML syntax: ${first.message.split('\n')[0]}`, {
          source: { file, line: pos.line, column: pos.col },
        }),
      );
      return;
    }
    // A trailing `---` yields an empty document: there is nothing in it to load or to skip.
    if (doc.contents === null) return;
    documents.push({ file, index, doc, lines });
  });
  return { documents, errors };
}

/** The node at a path of map keys and list indexes, or undefined. */
export function nodeAt(d: YamlDocument, path: YamlPath): Node | undefined {
  let node: unknown = d.doc.contents;
  for (const step of path) {
    if (isMap(node)) node = node.get(step, true);
    else if (isSeq(node) && typeof step === 'number') node = node.get(step, true);
    else return undefined;
  }
  return node === null || node === undefined ? undefined : (node as Node);
}

/** The key node of the last step of a path (where a misspelt key is written), or undefined. */
export function keyNodeAt(d: YamlDocument, path: YamlPath): Node | undefined {
  const parent = nodeAt(d, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!isMap(parent) || last === undefined) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/** The deepest existing node along the path: an error about a missing key points at its parent. */
export function nearestNode(d: YamlDocument, path: YamlPath): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(d, path.slice(0, n));
    if (node?.range) return node;
  }
  return undefined;
}

/** File, line and column (1-based) of a node, or of the document start. */
export function sourceOf(d: YamlDocument, node: Node | undefined, offsetInNode = 0): ErrorSource {
  const start = node?.range?.[0] ?? d.doc.range[0];
  let offset = start + offsetInNode;
  // Quoted scalars: the text starts one character after the quote.
  if (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) offset += 1;
  const pos = d.lines.linePos(offset);
  return { file: d.file, line: pos.line, column: pos.col };
}

/** A rule error pointing at the node of a path (or the nearest node that exists). */
export function errorAt(
  code: ErrorCode,
  d: YamlDocument,
  at: YamlPath | Node | undefined,
  message: string,
  extra: { rule?: string; field?: string; hint?: string; offset?: number } = {},
): PremortemError {
  const node = Array.isArray(at) ? nearestNode(d, at as YamlPath) : (at as Node | undefined);
  const source: ErrorSource = { ...sourceOf(d, node, extra.offset ?? 0) };
  if (extra.rule !== undefined) source.rule = extra.rule;
  if (extra.field !== undefined) source.field = extra.field;
  return new PremortemError(code, message, extra.hint === undefined ? { source } : { source, hint: extra.hint });
}
