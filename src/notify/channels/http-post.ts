/**
 * One HTTP POST for the webhook, Teams and Slack channels. The outcome never quotes the URL (Slack and Teams put
 * the credential in it) nor the response body (a receiver may echo the request).
 */
import type { SendOutcome } from './channel.js';

/** Per-attempt limit: a receiver slower than this is retried later rather than holding the watcher. */
export const POST_TIMEOUT_MS = 10_000;

/** 4xx answers that will not change by retrying (the request itself is refused); 408 and 429 will. */
const permanentStatus = (s: number) => s >= 400 && s < 500 && s !== 408 && s !== 429;

export async function postJson(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'premortem-notify', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true, detail: `HTTP ${res.status}` };
    return { ok: false, permanent: permanentStatus(res.status), detail: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, permanent: false, detail: networkReason(err) };
  }
}

/** A network failure as a code ("ECONNREFUSED", "timed out"), never the message (undici's can carry the URL). */
export function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const code = cause && typeof cause.code === 'string' ? cause.code : (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `network error ${code}` : 'network error';
}
