/**
 * The part of OData $filter the Graph endpoints premortem calls accept: clauses joined by "and", each a comparison
 * of a top-level field with a literal (eq, ne, ge, le, gt, lt; DateTimeOffset literals unquoted, strings in single
 * quotes) or `signInEventTypes/any(t: t eq 'kind')`. Anything else is a 400, as Graph answers a clause it does not
 * support, so a client that sends something else fails here too.
 */
export type Predicate = (record: Readonly<Record<string, unknown>>) => boolean;

export class FilterError extends Error {}

const DATE_LITERAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

function literal(text: string): string | number | boolean | null {
  const t = text.trim();
  if (/^'.*'$/.test(t)) return t.slice(1, -1).replaceAll("''", "'");
  if (DATE_LITERAL.test(t)) return t;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  throw new FilterError(`Invalid filter clause: unsupported literal ${t}`);
}

function compare(a: unknown, op: string, b: string | number | boolean | null): boolean {
  let x: unknown = a;
  let y: unknown = b;
  if (typeof b === 'string' && DATE_LITERAL.test(b) && typeof a === 'string') {
    x = Date.parse(a);
    y = Date.parse(b);
  }
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'ge':
      return (x as number) >= (y as number);
    case 'le':
      return (x as number) <= (y as number);
    case 'gt':
      return (x as number) > (y as number);
    case 'lt':
      return (x as number) < (y as number);
    default:
      throw new FilterError(`Invalid filter clause: unsupported operator ${op}`);
  }
}

/** Splits on " and " outside quotes and parentheses. */
function clauses(filter: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && filter.slice(i, i + 5).toLowerCase() === ' and ') {
      out.push(filter.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  out.push(filter.slice(start));
  return out.map((c) => c.trim()).filter((c) => c !== '');
}

/** A predicate for the filter; `fields` are the ones this collection lets callers filter on. */
export function parseFilter(filter: string | null, fields: ReadonlySet<string>): Predicate {
  if (filter === null || filter.trim() === '') return () => true;
  const preds: Predicate[] = clauses(filter).map((clause) => {
    const any = /^signInEventTypes\/any\(\s*(\w+)\s*:\s*\1\s+eq\s+('(?:[^']|'')*')\s*\)$/.exec(clause);
    if (any?.[2]) {
      if (!fields.has('signInEventTypes')) throw new FilterError('Invalid filter clause: signInEventTypes');
      const kind = literal(any[2]);
      return (r) => Array.isArray(r.signInEventTypes) && r.signInEventTypes.includes(kind);
    }
    const cmp = /^(\w+)\s+(eq|ne|ge|le|gt|lt)\s+(.+)$/.exec(clause);
    if (!cmp?.[1] || !cmp[2] || !cmp[3]) throw new FilterError(`Invalid filter clause: ${clause}`);
    const [, name, op, lit] = cmp;
    if (!fields.has(name)) throw new FilterError(`Invalid filter clause: ${name} is not filterable`);
    const value = literal(lit);
    return (r) => compare(r[name], op, value);
  });
  return (r) => preds.every((p) => p(r));
}
