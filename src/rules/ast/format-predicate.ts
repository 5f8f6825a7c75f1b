import { type PredicateNode, visitPredicate } from './predicate-node.js';
import { formatSigmaString } from './sigma-string.js';

const COMPARE = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** A one-line rendering of a predicate, for messages, debugging and readable test expectations. */
export function formatPredicate(node: PredicateNode): string {
  return visitPredicate<string>(node, {
    and: (n) => `(${n.operands.map(formatPredicate).join(' AND ')})`,
    or: (n) => `(${n.operands.map(formatPredicate).join(' OR ')})`,
    not: (n) => `NOT ${formatPredicate(n.operand)}`,
    'string-match': (n) => `${n.field} ${n.cased ? '==' : '='} "${formatSigmaString(n.pattern)}"`,
    'number-match': (n) => `${n.field} = ${n.value}`,
    'boolean-match': (n) => `${n.field} = ${n.value}`,
    compare: (n) => `${n.field} ${COMPARE[n.operator]} ${n.value}`,
    null: (n) => `${n.field} IS NULL`,
    exists: (n) => `${n.field} ${n.exists ? 'EXISTS' : 'NOT EXISTS'}`,
    regex: (n) =>
      `${n.field} =~ /${n.pattern}/${n.flags.ignoreCase ? 'i' : ''}${n.flags.multiline ? 'm' : ''}${n.flags.dotAll ? 's' : ''}`,
    cidr: (n) => `${n.field} IN ${n.network}`,
    'field-ref': (n) => `${n.field} = FIELD ${n.other}`,
    keyword: (n) => `KEYWORD "${formatSigmaString(n.pattern)}"`,
  });
}
