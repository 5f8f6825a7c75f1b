/**
 * TLS failures are not network weather: an authority certificate the machine does not trust, an expired or
 * misnamed certificate, or a protocol version the server refuses fails the same way on every attempt. They are
 * named at once, with what to do, instead of being retried for minutes and reported as "Endpoints cannot be
 * resolved" (MSAL's words when its discovery request fails, whatever the reason).
 */

/** Node's codes for a certificate chain the machine does not trust. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** Other certificate or protocol failures that no retry fixes. */
const PERMANENT = new Map<string, string>([
  ['CERT_HAS_EXPIRED', "the server's certificate has expired"],
  ['CERT_NOT_YET_VALID', "the server's certificate is not valid yet (check this machine's clock)"],
  ['ERR_TLS_CERT_ALTNAME_INVALID', "the server's certificate is for another host name"],
  ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'the server and premortem share no TLS version'],
  ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'the server refused the TLS version'],
  ['ERR_SSL_WRONG_VERSION_NUMBER', 'the server did not answer with TLS (is the URL http, not https?)'],
]);

export interface TlsProblem {
  code: string;
  /** The chain is not trusted here: NODE_EXTRA_CA_CERTS can fix it. */
  untrusted: boolean;
  what: string;
}

/** The TLS problem behind a failed request (undici and MSAL nest the socket error in `cause`), if it is one. */
export function tlsProblem(err: unknown): TlsProblem | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && UNTRUSTED.has(code)) {
      return {
        code,
        untrusted: true,
        what: "the server's certificate is not signed by an authority this machine trusts",
      };
    }
    const what = code ? PERMANENT.get(code) : undefined;
    if (code && what) return { code, untrusted: false, what };
    e = e.cause as typeof e;
  }
  return undefined;
}

/** What to do about it, for the error's hint. */
export function tlsHint(p: TlsProblem): string {
  return p.untrusted
    ? "if your network inspects TLS with its own authority (a proxy), trust that authority's certificate: NODE_EXTRA_CA_CERTS=/path/to/authority.pem premortem …"
    : 'this is not a passing fault: fix the server or the URL, then run again';
}

/**
 * Asks `origin` once for nothing, to learn whether a failure that hid its cause (MSAL's) was TLS. Any answer, even an
 * error status, means TLS worked.
 */
export async function probeTls(origin: string, timeoutMs = 10_000): Promise<TlsProblem | undefined> {
  try {
    await fetch(origin, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return undefined;
  } catch (err) {
    return tlsProblem(err);
  }
}
