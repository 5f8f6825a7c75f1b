/**
 * A signed-in client of premortem serve for tests: a cookie jar over a fetch-like function (the Hono app's
 * `request`, or `fetch` against a running server), logging in through the real login form with its CSRF cookie.
 */
import type { ChildProcess } from 'node:child_process';

/** The URL a `premortem serve` child prints on stderr once it listens; attach right after spawning. */
export function serverUrl(run: { child: ChildProcess }): () => string {
  let text = '';
  run.child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return () => /listening on (https?:\/\/\S+)/.exec(text)?.[1] ?? '';
}

export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export class ServeClient {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly fetcher: Fetcher) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.fetcher(path, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** GET /login, then POST the form with the login CSRF token; returns the POST's response. */
  async login(username: string, password: string): Promise<Response> {
    const page = await (await this.request('/login')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await this.form('/login', { username, password, _csrf: token });
    if (res.status === 303) await this.refreshCsrf();
    return res;
  }

  /** Reads the session's CSRF token from /api/session (same-origin JSON: other sites cannot read it). */
  async refreshCsrf(): Promise<void> {
    const s = (await (await this.request('/api/session')).json()) as { csrfToken: string };
    this.csrf = s.csrfToken;
  }

  form(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** A JSON API call with the session's CSRF token in the header. */
  api(method: string, path: string, body?: unknown): Promise<Response> {
    return this.request(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
