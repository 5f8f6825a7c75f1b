import { andNode } from './ast/and-node.js';
import { type ConditionNode, visitCondition } from './ast/condition-node.js';
import { notNode } from './ast/not-node.js';
import { orNode } from './ast/or-node.js';
import type { PredicateNode } from './ast/predicate-node.js';
import { ConditionError } from './condition-parser.js';

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * Inlines search identifiers into the condition: `sel and not filter` becomes one predicate tree. `them` means
 * every identifier not starting with "_" (Sigma v2). An unknown identifier, or a pattern matching none, is an error
 * with the condition offset.
 */
export function resolveCondition(
  condition: ConditionNode,
  searches: ReadonlyMap<string, PredicateNode>,
): PredicateNode {
  const names = [...searches.keys()];
  return visitCondition<PredicateNode>(condition, {
    and: (n) => andNode(n.operands.map((o) => resolveCondition(o, searches))),
    or: (n) => orNode(n.operands.map((o) => resolveCondition(o, searches))),
    not: (n) => notNode(resolveCondition(n.operand, searches)),
    identifier: (n) => {
      const found = searches.get(n.name);
      if (!found) {
        throw new ConditionError(
          'rule-invalid',
          `the condition names "${n.name}", which is not a search identifier of this detection (${names.join(', ') || 'none'})`,
          n.offset,
        );
      }
      return found;
    },
    quantifier: (n) => {
      const matched =
        n.pattern === undefined
          ? names.filter((name) => !name.startsWith('_'))
          : names.filter((name) => patternRegex(n.pattern as string).test(name));
      if (matched.length === 0) {
        throw new ConditionError(
          'rule-invalid',
          `"${n.quantifier === 'one' ? '1' : 'all'} of ${n.pattern ?? 'them'}" matches no search identifier`,
          n.offset,
        );
      }
      const operands = matched.map((name) => searches.get(name) as PredicateNode);
      if (operands.length === 1) return operands[0] as PredicateNode;
      return n.quantifier === 'one' ? orNode(operands) : andNode(operands);
    },
  });
}
