import {
  type ConditionNode,
  conditionAnd,
  conditionIdentifier,
  conditionNot,
  conditionOr,
  conditionQuantifier,
} from './ast/condition-node.js';

/** A condition error with the 0-based offset in the condition text; the loader turns it into a line and column. */
export class ConditionError extends Error {
  constructor(
    readonly code: 'rule-invalid' | 'rule-unsupported',
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Token {
  readonly type: 'word' | 'lparen' | 'rparen' | 'pipe' | 'end';
  readonly text: string;
  readonly offset: number;
}

const WORD = /[A-Za-z0-9_\-.*?]+/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', text: c, offset: i });
      i++;
    } else if (c === '|') {
      // What follows a pipe is the old aggregation syntax: reported as such by the parser, not tokenised.
      tokens.push({ type: 'pipe', text: c, offset: i });
      break;
    } else {
      WORD.lastIndex = i;
      const m = WORD.exec(text);
      if (!m) throw new ConditionError('rule-invalid', `unexpected character "${c}" in condition`, i);
      tokens.push({ type: 'word', text: m[0], offset: i });
      i += m[0].length;
    }
  }
  tokens.push({ type: 'end', text: '', offset: text.length });
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'all', 'any', 'near']);

/**
 * Parses a Sigma condition: `and`, `or`, `not` (binding tighter than `and`, which binds tighter than `or`),
 * parentheses, `1 of PATTERN`, `all of PATTERN`, `1 of them`, `all of them`. The old aggregation pipe
 * (`| count() > 5`) and `near` are reported unsupported: correlation rules replace them.
 */
export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;
  const isWord = (t: Token, w: string): boolean => t.type === 'word' && t.text.toLowerCase() === w;

  function parseOr(): ConditionNode {
    const operands = [parseAnd()];
    while (isWord(peek(), 'or')) {
      next();
      operands.push(parseAnd());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : conditionOr(operands);
  }

  function parseAnd(): ConditionNode {
    const operands = [parseNot()];
    while (isWord(peek(), 'and')) {
      next();
      operands.push(parseNot());
    }
    return operands.length === 1 ? (operands[0] as ConditionNode) : conditionAnd(operands);
  }

  function parseNot(): ConditionNode {
    if (isWord(peek(), 'not')) {
      next();
      return conditionNot(parseNot());
    }
    return parsePrimary();
  }

  function parsePrimary(): ConditionNode {
    const t = next();
    if (t.type === 'lparen') {
      const inner = parseOr();
      const close = next();
      if (close.type !== 'rparen') throw new ConditionError('rule-invalid', 'missing ")" in condition', close.offset);
      return inner;
    }
    if (t.type === 'pipe') {
      throw new ConditionError(
        'rule-unsupported',
        'the aggregation pipe ("| count() ...") is the old Sigma syntax; write a correlation rule instead',
        t.offset,
      );
    }
    if (t.type !== 'word') {
      const what = t.type === 'end' ? 'the end of the condition' : `"${t.text}"`;
      throw new ConditionError('rule-invalid', `expected a search identifier, found ${what}`, t.offset);
    }
    const lower = t.text.toLowerCase();
    if (lower === 'near') {
      throw new ConditionError(
        'rule-unsupported',
        '"near" is not part of Sigma v2; use a temporal correlation',
        t.offset,
      );
    }
    if (isWord(peek(), 'of')) return parseQuantifier(t);
    if (KEYWORDS.has(lower)) throw new ConditionError('rule-invalid', `unexpected "${t.text}" in condition`, t.offset);
    return conditionIdentifier(t.text, t.offset);
  }

  function parseQuantifier(count: Token): ConditionNode {
    next(); // of
    const lower = count.text.toLowerCase();
    let quantifier: 'one' | 'all';
    if (lower === '1' || lower === 'any') quantifier = 'one';
    else if (lower === 'all') quantifier = 'all';
    else if (/^\d+$/.test(lower)) {
      throw new ConditionError(
        'rule-unsupported',
        `"${count.text} of" is not part of Sigma v2 (only "1 of" and "all of")`,
        count.offset,
      );
    } else throw new ConditionError('rule-invalid', `"${count.text} of": expected "1 of" or "all of"`, count.offset);
    const target = next();
    if (target.type !== 'word' || (KEYWORDS.has(target.text.toLowerCase()) && !isWord(target, 'them'))) {
      throw new ConditionError(
        'rule-invalid',
        `"${count.text} of" needs a search identifier pattern or "them"`,
        target.offset,
      );
    }
    return conditionQuantifier(quantifier, isWord(target, 'them') ? undefined : target.text, count.offset);
  }

  const tree = parseOr();
  const rest = peek();
  if (rest.type === 'pipe') {
    throw new ConditionError(
      'rule-unsupported',
      'the aggregation pipe ("| count() ...") is the old Sigma syntax; write a correlation rule instead',
      rest.offset,
    );
  }
  if (rest.type !== 'end')
    throw new ConditionError('rule-invalid', `unexpected "${rest.text}" in condition`, rest.offset);
  return tree;
}
