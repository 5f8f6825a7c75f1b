/**
 * Why a Graph call failed, in the words a person needs: a missing permission or licence is something to fix
 * (exit 2, with the permission named); a service that stayed unavailable through every retry is exit 2 as well, named
 * as such, with the advice to run again later.
 */
import { PremortemError } from '../../core/errors.js';
import { redact } from './redact.js';

export type GraphFailure =
  /** Credentials rejected (bad secret, unknown app or tenant, expired token). */
  | 'auth'
  /** The app lacks a permission for this call. */
  | 'permission'
  /** The tenant lacks the licence (P1/P2) this data needs. */
  | 'licence'
  | 'not-found'
  | 'bad-request'
  /** 429/5xx/network faults outlasted the retries. */
  | 'unavailable'
  /** A body that is not the JSON Graph promises, every time it was asked for. */
  | 'invalid-body'
  /** A certificate not trusted here, expired or misnamed, or no shared TLS version: never retried (tls.ts). */
  | 'tls'
  /**
   * A failure no retry changes: a host name that does not resolve, a URL fetch refuses, or a 5xx that names the
   * request itself (501 Not Implemented, 505 HTTP Version Not Supported): named at once (tls.ts).
   */
  | 'permanent';

export class GraphError extends PremortemError {
  readonly failure: GraphFailure;
  readonly status: number | undefined;
  /** Graph's own error code, e.g. Authorization_RequestDenied. */
  readonly graphCode: string | undefined;

  constructor(
    failure: GraphFailure,
    message: string,
    options: { status?: number; graphCode?: string; hint?: string } = {},
  ) {
    const userFixable =
      failure === 'auth' ||
      failure === 'permission' ||
      failure === 'licence' ||
      failure === 'bad-request' ||
      failure === 'tls' ||
      failure === 'permanent';
    // Nothing here is a bug in premortem: a service that stays unavailable is exit 2 too (DESIGN.md's 0/1/2).
    super(userFixable ? 'usage' : 'unavailable', redact(message), options.hint ? { hint: redact(options.hint) } : {});
    this.name = 'GraphError';
    this.failure = failure;
    this.status = options.status;
    this.graphCode = options.graphCode;
  }
}

/** Text a server chose: control characters out (it reaches terminals), length bounded. */
export function serverText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const clean = v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return clean === '' ? undefined : clean.slice(0, 500);
}

/** Graph's error envelope: {"error": {"code": "...", "message": "..."}}. */
export function graphErrorBody(text: string): { code?: string; message?: string } {
  try {
    const j = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = serverText(j.error?.code);
    const message = serverText(j.error?.message);
    return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
  } catch {
    return {};
  }
}

/**
 * A 403 is a licence problem when Graph says so: sign-ins without P1/P2 answer "Neither tenant is B2C or tenant
 * doesn't have premium license" (reference/graph_api_limits_permissions.md, Licensing); Identity Protection and PIM
 * answer with "not licensed" texts.
 */
export function isLicenceMessage(code: string | undefined, message: string | undefined): boolean {
  const text = `${code ?? ''} ${message ?? ''}`.toLowerCase();
  return /premium licen[cs]e|nonpremium|not licensed|licen[cs]e (is )?required|requires? (an? )?(entra id |azure ad )?(p1|p2|premium)|aad premium/.test(
    text,
  );
}
