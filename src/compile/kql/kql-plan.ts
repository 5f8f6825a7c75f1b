import type { RuleTable } from '../../rules/rule-tables.js';

/** Indents a let body. */
function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `    ${l}` : l))
    .join('\n');
}

/** A KQL query under construction: `let q1 = …;` statements in dependency order, then the final expression. */
export class KqlPlan {
  /** The rule tables the query reads (set by each detection relation). */
  readonly tables = new Set<RuleTable>();
  private readonly lets: string[] = [];
  private count = 0;

  /** Adds a let statement and returns its name (q1, q2… in creation order, so golden tests stay stable). */
  add(body: string): string {
    const name = `q${++this.count}`;
    this.lets.push(`let ${name} =\n${indent(body)};`);
    return name;
  }

  build(final: string): string {
    return [...this.lets, final].join('\n');
  }
}
