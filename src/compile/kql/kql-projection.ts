import { PremortemError } from '../../core/errors.js';
import { type ColumnSpec, describeColumn } from '../../rules/derived-columns.js';
import type { RuleTable } from '../../rules/rule-tables.js';
import { KQL_DERIVED } from './kql-derived.js';
import type { KqlColumn } from './kql-predicate.js';
import { jsonField, type SentinelSource, UNAVAILABLE } from './sentinel-sources.js';

/**
 * The canonical columns one detection reads, collected as the predicate asks for them, and written per Sentinel
 * table as a `project` list: every later step of the query reads canonical names only, whichever table a row came
 * from. Derived columns are named `d_<name>`, JSON fields `j1, j2…` in the order first asked for.
 */
export class Projection {
  private readonly specs = new Map<string, { alias: string; spec: ColumnSpec }>();
  private json = 0;

  constructor(
    readonly table: RuleTable,
    readonly rule: string,
  ) {}

  /** The projected column for a canonical, derived or JSON column name (checked like the SQL compiler checks it). */
  column(name: string): KqlColumn {
    const known = this.specs.get(name);
    if (known) return { name: known.alias, type: known.spec.type };
    const spec = describeColumn(this.table, name);
    if (!spec) {
      throw new PremortemError('internal', `${this.table}.${name} is not a canonical column`, {
        source: { field: name },
      });
    }
    const alias =
      spec.kind === 'column' ? spec.name : spec.kind === 'derived' ? `d_${spec.name.slice(1)}` : `j${++this.json}`;
    this.specs.set(name, { alias, spec });
    return { name: alias, type: spec.type };
  }

  /** `alias = expression` for every column asked for, in one Sentinel table. */
  columns(source: SentinelSource): string[] {
    return [...this.specs.values()].map(({ alias, spec }) => `${alias} = ${this.expression(source, spec)}`);
  }

  private canonical(source: SentinelSource, name: string): string {
    const expr = source.column(name);
    if (expr !== undefined) return expr;
    const reason = UNAVAILABLE[name] ?? `${source.table} has no counterpart of ${this.table}.${name}`;
    throw new PremortemError('rule-unsupported', `KQL: ${reason}`, { source: { rule: this.rule, field: name } });
  }

  private expression(source: SentinelSource, spec: ColumnSpec): string {
    if (spec.kind === 'column') return this.canonical(source, spec.name);
    if (spec.kind === 'derived') {
      const define = KQL_DERIVED[this.table]?.[spec.name];
      if (!define) {
        throw new PremortemError('rule-unsupported', `KQL: no KQL definition of ${spec.name}`, {
          source: { rule: this.rule, field: spec.name },
        });
      }
      return define((c) => this.canonical(source, c));
    }
    const field = jsonField(source, spec.column, spec.path);
    if (typeof field === 'string') return field;
    throw new PremortemError('rule-unsupported', `KQL: ${field.unavailable}`, {
      source: { rule: this.rule, field: `${spec.column}#${spec.path}` },
    });
  }
}
