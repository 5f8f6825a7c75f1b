import { andNode } from './ast/and-node.js';
import { booleanMatchNode } from './ast/boolean-match-node.js';
import { cidrNode } from './ast/cidr-node.js';
import { type CompareOperator, compareNode } from './ast/compare-node.js';
import { existsNode } from './ast/exists-node.js';
import { fieldRefNode } from './ast/field-ref-node.js';
import { notNode } from './ast/not-node.js';
import { nullNode } from './ast/null-node.js';
import { numberMatchNode } from './ast/number-match-node.js';
import { orNode } from './ast/or-node.js';
import type { PredicateNode } from './ast/predicate-node.js';
import { regexNode } from './ast/regex-node.js';
import {
  formatSigmaString,
  literalSigmaString,
  parseSigmaString,
  plainText,
  type SigmaString,
  wrapSigmaString,
} from './ast/sigma-string.js';
import { placeholderNode, stringMatchNode } from './ast/string-match-node.js';
import { parseCidr } from './cidr.js';
import { base64, base64OffsetVariants, windashVariants } from './value-encodings.js';

/** A detection value as YAML gives it. */
export type ScalarValue = string | number | boolean | null;

/** A problem with a field's modifiers or values; `valueIndex` says which value, undefined for the key itself. */
export class ModifierError extends Error {
  constructor(
    readonly code: 'rule-invalid' | 'rule-unsupported',
    message: string,
    readonly valueIndex?: number,
  ) {
    super(message);
  }
}

const MATCH = ['contains', 'startswith', 'endswith'] as const;
const TRANSFORMS = ['windash', 'base64', 'base64offset'] as const;
const COMPARE: readonly CompareOperator[] = ['gt', 'gte', 'lt', 'lte'];
const RE_FLAGS = ['i', 'm', 's'] as const;
const KNOWN = new Set<string>([
  ...MATCH,
  ...TRANSFORMS,
  ...COMPARE,
  ...RE_FLAGS,
  'all',
  'cased',
  'exists',
  're',
  'cidr',
  'fieldref',
  'neq',
  'expand',
]);
/** Sigma modifiers that exist but mean nothing for Entra logs stored as text, or are not supported yet. */
const UNSUPPORTED: Record<string, string> = {
  utf16le: 'UTF-16 encodings apply to binary payloads; Entra and Microsoft 365 logs are stored as text',
  utf16be: 'UTF-16 encodings apply to binary payloads; Entra and Microsoft 365 logs are stored as text',
  utf16: 'UTF-16 encodings apply to binary payloads; Entra and Microsoft 365 logs are stored as text',
  wide: 'UTF-16 encodings apply to binary payloads; Entra and Microsoft 365 logs are stored as text',
  minute: 'time-part modifiers are not supported yet',
  hour: 'time-part modifiers are not supported yet',
  day: 'time-part modifiers are not supported yet',
  week: 'time-part modifiers are not supported yet',
  month: 'time-part modifiers are not supported yet',
  year: 'time-part modifiers are not supported yet',
};

function combine(nodes: PredicateNode[], all: boolean): PredicateNode {
  if (nodes.length === 1) return nodes[0] as PredicateNode;
  return all ? andNode(nodes) : orNode(nodes);
}

function requireStrings(values: readonly ScalarValue[], modifier: string): string[] {
  return values.map((v, i) => {
    if (typeof v !== 'string') throw new ModifierError('rule-invalid', `|${modifier} takes strings, not ${v}`, i);
    return v;
  });
}

function checkAllowed(mods: readonly string[], main: string, allowed: readonly string[]): void {
  const extra = mods.filter((m) => m !== main && !allowed.includes(m));
  if (extra.length > 0) throw new ModifierError('rule-invalid', `|${main} cannot be combined with |${extra.join('|')}`);
}

function numberOf(v: ScalarValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** RE2 (DuckDB's regex engine) has no lookaround and no backreferences: say so at load, not at query time. */
function checkRegex(pattern: string, index: number): void {
  if (/\(\?<?[=!]/.test(pattern)) {
    throw new ModifierError('rule-unsupported', 'lookahead and lookbehind are not supported by the RE2 engine', index);
  }
  if (/(^|[^\\])\\[1-9]/.test(pattern)) {
    throw new ModifierError('rule-unsupported', 'backreferences are not supported by the RE2 engine', index);
  }
  try {
    new RegExp(pattern);
  } catch (err) {
    throw new ModifierError('rule-invalid', `invalid regular expression: ${(err as Error).message}`, index);
  }
}

function stringVariants(raw: string, transforms: readonly string[], index: number): SigmaString[] {
  let variants: SigmaString[] = [parseSigmaString(raw)];
  for (const t of transforms) {
    if (t === 'windash') {
      variants = variants.flatMap((v) => {
        const spelled = windashVariants(formatSigmaString(v));
        if (!spelled) throw new ModifierError('rule-unsupported', '|windash gives too many variants here', index);
        return spelled.map(parseSigmaString);
      });
      continue;
    }
    variants = variants.flatMap((v) => {
      const text = plainText(v);
      if (text === undefined) {
        throw new ModifierError('rule-unsupported', `|${t} of a value with wildcards cannot be encoded`, index);
      }
      return t === 'base64' ? [literalSigmaString(base64(text))] : base64OffsetVariants(text).map(literalSigmaString);
    });
  }
  return variants;
}

/** A placeholder: `%name%` (pySigma's syntax). */
export const PLACEHOLDER = /%([A-Za-z0-9_.-]+)%/g;

/**
 * `field|expand: '%name%'` (pySigma's value placeholders): each value names a placeholder that the field-mapping
 * pipeline fills with a list (`%privileged_roles%`: the privileged directory roles). The values are kept as written,
 * with the other modifiers, until then; `fieldPredicate` runs again on the filled values.
 */
function expandPlaceholders(field: string, mods: readonly string[], values: readonly ScalarValue[]): PredicateNode {
  const rest = mods.filter((m) => m !== 'expand');
  if (rest.includes('all')) throw new ModifierError('rule-unsupported', '|expand cannot be combined with |all');
  if (rest.includes('neq') && values.length > 1)
    throw new ModifierError('rule-unsupported', '|expand|neq takes one placeholder value');
  const nodes = values.map((v, i) => {
    if (typeof v !== 'string' || (v.match(PLACEHOLDER) ?? []).length !== 1) {
      throw new ModifierError('rule-invalid', '|expand takes strings with one %placeholder% each', i);
    }
    return placeholderNode(field, v, rest);
  });
  // A |neq is applied by the filled predicate itself: it is among the modifiers kept.
  return combine(nodes, false);
}

/**
 * Turns one `field|modifiers: values` entry into a predicate with Sigma's semantics: a value list is OR (AND with
 * `|all`), wildcards and `contains`/`startswith`/`endswith` become patterns, `null` means the field is empty.
 */
export function fieldPredicate(
  field: string,
  modifiers: readonly string[],
  values: readonly ScalarValue[],
): PredicateNode {
  const mods = modifiers.map((m) => m.toLowerCase());
  for (const m of mods) {
    const why = UNSUPPORTED[m];
    if (why !== undefined) throw new ModifierError('rule-unsupported', `modifier |${m} is not supported: ${why}`);
    if (!KNOWN.has(m)) throw new ModifierError('rule-invalid', `unknown modifier |${m}`);
  }
  if (new Set(mods).size !== mods.length) throw new ModifierError('rule-invalid', 'a modifier is repeated');
  const has = (m: string): boolean => mods.includes(m);
  if (has('expand')) return expandPlaceholders(field, mods, values);
  const all = has('all');
  if (all && values.length < 2) throw new ModifierError('rule-invalid', '|all needs a list of two or more values');
  const neq = has('neq');
  const finish = (nodes: PredicateNode[]): PredicateNode => (neq ? notNode(combine(nodes, all)) : combine(nodes, all));

  if (has('exists')) {
    checkAllowed(mods, 'exists', []);
    const v = values[0];
    if (values.length !== 1 || typeof v !== 'boolean')
      throw new ModifierError('rule-invalid', '|exists takes true or false');
    return existsNode(field, v);
  }
  if (has('fieldref')) {
    checkAllowed(mods, 'fieldref', ['all', 'neq']);
    return finish(requireStrings(values, 'fieldref').map((other) => fieldRefNode(field, other)));
  }
  const compare = COMPARE.filter((op) => has(op));
  if (compare.length > 0) {
    const op = compare[0] as CompareOperator;
    checkAllowed(mods, op, ['all']);
    return finish(
      values.map((v, i) => {
        const n = numberOf(v);
        if (n === undefined) throw new ModifierError('rule-invalid', `|${op} takes a number, not ${v}`, i);
        return compareNode(field, op, n);
      }),
    );
  }
  if (has('re')) {
    checkAllowed(mods, 're', ['all', 'neq', ...RE_FLAGS]);
    const flags = { ignoreCase: has('i'), multiline: has('m'), dotAll: has('s') };
    return finish(
      requireStrings(values, 're').map((pattern, i) => {
        checkRegex(pattern, i);
        return regexNode(field, pattern, flags);
      }),
    );
  }
  const flag = RE_FLAGS.find((f) => has(f));
  if (flag) throw new ModifierError('rule-invalid', `|${flag} only qualifies |re`);
  if (has('cidr')) {
    checkAllowed(mods, 'cidr', ['all', 'neq']);
    return finish(
      requireStrings(values, 'cidr').map((text, i) => {
        const net = parseCidr(text);
        if (!net) throw new ModifierError('rule-invalid', `"${text}" is not an IPv4 or IPv6 network`, i);
        return cidrNode(field, text, net.version, net.first, net.last);
      }),
    );
  }

  const match = MATCH.filter((m) => has(m));
  if (match.length > 1) throw new ModifierError('rule-invalid', `|${match.join(' and |')} exclude each other`);
  const transforms = mods.filter((m) => (TRANSFORMS as readonly string[]).includes(m));
  if (has('base64offset') && !has('contains')) {
    throw new ModifierError('rule-invalid', '|base64offset finds a value inside a longer text: use it with |contains');
  }
  const cased = has('cased');
  const wrap = (s: SigmaString): SigmaString =>
    wrapSigmaString(
      s,
      match[0] === 'contains' || match[0] === 'endswith',
      match[0] === 'contains' || match[0] === 'startswith',
    );
  const plain = match.length === 0 && transforms.length === 0;

  return finish(
    values.map((v, i) => {
      if (v === null) {
        if (!plain) throw new ModifierError('rule-invalid', 'null cannot be combined with string modifiers', i);
        return nullNode(field);
      }
      if (typeof v === 'boolean' && plain) return booleanMatchNode(field, v);
      if (typeof v === 'number' && plain && !cased) return numberMatchNode(field, v);
      const variants = stringVariants(String(v), transforms, i).map(wrap);
      return combine(
        variants.map((p) => stringMatchNode(field, p, cased)),
        false,
      );
    }),
  );
}
