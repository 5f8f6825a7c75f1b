/**
 * Failures that are not network weather, TLS first: an authority certificate the machine does not trust, an expired or
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

/**
 * Connection failures that are the same on every attempt. ENOTFOUND is the name server's "no such name" (a
 * passing resolver fault is EAI_AGAIN, retried); fetch refuses some ports outright ("bad port", no code).
 */
const PERMANENT_NETWORK = new Map<string, string>([
  ['ENOTFOUND', 'the host name does not resolve (DNS: no such name)'],
  ['EAI_FAIL', 'the name server failed for this host name'],
  ['EAI_NONAME', 'the host name does not resolve'],
  ['ERR_INVALID_URL', 'the URL is not valid'],
  ['bad port', 'fetch refuses to connect to this port'],
]);

export interface TlsProblem {
  /** tls: a certificate or protocol problem; permanent: a connection that cannot be made the same way every time. */
  failure: 'tls' | 'permanent';
  code: string;
  /** The chain is not trusted here: NODE_EXTRA_CA_CERTS can fix it. */
  untrusted: boolean;
  what: string;
}

/**
 * The TLS or other permanent problem behind a failed request (undici and MSAL nest the socket error in `cause`), if
 * it is one; undefined for network weather (a reset, a timeout, a refused connection), which is retried.
 */
export function tlsProblem(err: unknown): TlsProblem | undefined {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && UNTRUSTED.has(code)) {
      return {
        failure: 'tls',
        code,
        untrusted: true,
        what: "the server's certificate is not signed by an authority this machine trusts",
      };
    }
    const what = code ? PERMANENT.get(code) : undefined;
    if (code && what) return { failure: 'tls', code, untrusted: false, what };
    const networkCode = code ?? (e.message === 'bad port' ? 'bad port' : undefined);
    const network = networkCode ? PERMANENT_NETWORK.get(networkCode) : undefined;
    if (networkCode && network) return { failure: 'permanent', code: networkCode, untrusted: false, what: network };
    e = e.cause as typeof e;
  }
  return undefined;
}

/** What to do about it, for the error's hint. */
export function tlsHint(p: TlsProblem): string {
  if (p.untrusted)
    return "if your network inspects TLS with its own authority (a proxy), trust that authority's certificate: NODE_EXTRA_CA_CERTS=/path/to/authority.pem premortem …";
  return p.failure === 'permanent'
    ? "this is not a passing fault: check the host name in the URL (--graph-url, --authority-host, --cloud) and this machine's DNS, then run again"
    : 'this is not a passing fault: fix the server or the URL, then run again';
}

/**
 * Asks `origin` once for nothing, to learn whether a failure that hid its cause (MSAL's) was TLS or another permanent
 * problem (a host name that does not resolve). Any answer, even an error status, means both worked.
 */
export async function probeTls(origin: string, timeoutMs = 10_000): Promise<TlsProblem | undefined> {
  try {
    await fetch(origin, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return undefined;
  } catch (err) {
    return tlsProblem(err);
  }
}
