/**
 * The one place where secrets are taken out of text. Every client secret, private key and token premortem
 * handles is registered here when it is read; every message that can leave the process (errors, progress,
 * logs of the authentication library) passes through redact() first. Patterns catch what was never registered
 * (a token echoed by a server, a secret in a URL).
 */
const REDACTED = '[redacted]';
const secrets = new Set<string>();

/** Values shorter than this are not registered: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;

/** Remembers a secret so that redact() removes it wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  const v = value.trim();
  if (v.length >= MIN_SECRET_LENGTH) secrets.add(v);
  // A PEM also leaks line by line (an error quoting part of a file): register its long base64 lines too.
  if (v.includes('-----BEGIN')) {
    for (const line of v.split(/\r?\n/)) if (/^[A-Za-z0-9+/=]{40,}$/.test(line.trim())) secrets.add(line.trim());
  }
}

const PATTERNS: readonly [RegExp, string][] = [
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    `-----${REDACTED} PRIVATE KEY-----`,
  ],
  [/\bBearer\s+[A-Za-z0-9\-._~+/]+=*/gi, `Bearer ${REDACTED}`],
  // A JSON Web Token: three base64url parts, the first a JSON header ("eyJ" is '{"' encoded).
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [
    /\b(client_secret|client_assertion|access_token|refresh_token|id_token|clientSecret|password)("?\s*[:=]\s*"?)[^"&\s,}]+/gi,
    `$1$2${REDACTED}`,
  ],
];

/** The text with every registered secret and every token-shaped string replaced by "[redacted]". */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  return out;
}

/**
 * The same error with its message, hint and stack redacted. The cause chain is dropped: it can hold a library's
 * request object with headers in it, and nothing premortem prints needs it.
 */
export function redactError<E>(err: E): E | Error {
  if (!(err instanceof Error)) return new Error(redact(String(err)));
  err.message = redact(err.message);
  if (err.stack) err.stack = redact(err.stack);
  const withHint = err as Error & { hint?: unknown };
  if (typeof withHint.hint === 'string') {
    Object.defineProperty(err, 'hint', { value: redact(withHint.hint), configurable: true, writable: true });
  }
  if ('cause' in err) Object.defineProperty(err, 'cause', { value: undefined, configurable: true, writable: true });
  return err;
}

/** For tests only: forget every registered secret. */
export function clearSecretsForTests(): void {
  secrets.clear();
}
