/**
 * One error family for everything premortem reports to a person: a stable code, where the problem is
 * (file, record, rule, line) and a hint that names the fix. The CLI prints message and hint, never a stack.
 */
export type ErrorCode =
  | 'usage'
  | 'input-not-found'
  | 'input-unsupported'
  | 'input-malformed'
  | 'rule-invalid'
  | 'rule-unsupported'
  | 'workspace'
  /** A service premortem reads from (Graph, the authority) stayed unusable through every retry: exit 2, not a bug. */
  | 'unavailable'
  | 'internal';

export interface ErrorSource {
  file?: string;
  record?: number;
  rule?: string;
  line?: number;
  column?: number;
  field?: string;
}

export class PremortemError extends Error {
  readonly code: ErrorCode;
  readonly source: ErrorSource;
  readonly hint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { source?: ErrorSource; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PremortemError';
    this.code = code;
    this.source = options.source ?? {};
    this.hint = options.hint;
  }

  /** "file:line:column" or "file (record N)", whichever the source holds. */
  where(): string {
    const s = this.source;
    const parts: string[] = [];
    if (s.file) {
      let loc = s.file;
      if (s.line !== undefined) loc += `:${s.line}${s.column !== undefined ? `:${s.column}` : ''}`;
      if (s.record !== undefined) loc += ` (record ${s.record})`;
      parts.push(loc);
    }
    if (s.rule) parts.push(`rule ${s.rule}`);
    if (s.field) parts.push(`field ${s.field}`);
    return parts.join(', ');
  }
}

/** Exit codes of the command-line contract (DESIGN.md): 0 ok, 1 findings at or above --fail-on, 2 usage or input. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(err: unknown): number {
  if (err instanceof PremortemError && err.code !== 'internal') return EXIT_USAGE;
  return 3;
}
