import { describe, expect, it } from 'vitest';
import type { ConditionNode } from './ast/condition-node.js';
import { ConditionError, parseCondition } from './condition-parser.js';

/** A compact rendering of a condition tree: (and a (not b)). */
function show(n: ConditionNode): string {
  switch (n.kind) {
    case 'and':
    case 'or':
      return `(${n.kind} ${n.operands.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(n.operand)})`;
    case 'identifier':
      return n.name;
    case 'quantifier':
      return `(${n.quantifier} ${n.pattern ?? 'them'})`;
  }
}

function failure(text: string): ConditionError {
  try {
    parseCondition(text);
  } catch (err) {
    if (err instanceof ConditionError) return err;
    throw err;
  }
  throw new Error(`"${text}" parsed`);
}

describe('parseCondition', () => {
  it.each([
    ['selection', 'selection'],
    ['a and b or c', '(or (and a b) c)'],
    ['a or b and c', '(or a (and b c))'],
    ['not a and b', '(and (not a) b)'],
    ['not (a and b)', '(not (and a b))'],
    ['a and not b and not c', '(and a (not b) (not c))'],
    ['(a or b) and c', '(and (or a b) c)'],
    ['not not a', '(not (not a))'],
    ['1 of sel_*', '(one sel_*)'],
    ['all of sel*', '(all sel*)'],
    ['1 of them', '(one them)'],
    ['all of them and not filter', '(and (all them) (not filter))'],
    ['any of them', '(one them)'],
    ['A AND NOT B', '(and A (not B))'],
    ['selection-1 and sel.2', '(and selection-1 sel.2)'],
  ])('%s', (text, tree) => {
    expect(show(parseCondition(text))).toBe(tree);
  });

  it('records where identifiers are, for error columns', () => {
    const t = parseCondition('a and  bee');
    expect(t.kind === 'and' && t.operands[1]).toMatchObject({ name: 'bee', offset: 7 });
  });

  it.each([
    ['a and', 'rule-invalid', 5],
    ['(a or b', 'rule-invalid', 7],
    ['a b', 'rule-invalid', 2],
    ['a and or b', 'rule-invalid', 6],
    ['2 of them', 'rule-unsupported', 0],
    ['x of them', 'rule-invalid', 0],
    ['1 of', 'rule-invalid', 4],
    ['selection | count() > 5', 'rule-unsupported', 10],
    ['a near b', 'rule-invalid', 2],
    ['near b', 'rule-unsupported', 0],
    ['a & b', 'rule-invalid', 2],
  ])('%s is %s at offset %i', (text, code, offset) => {
    const err = failure(text);
    expect(err.code).toBe(code);
    expect(err.offset).toBe(offset);
  });
});
