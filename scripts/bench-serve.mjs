// npm run bench, the dashboard part: `premortem serve --demo` on a fresh workspace (the demo tenant simulated,
// imported and detected), signed in as its demo-admin, then every page fetched ROUNDS times. Reports each page's
// render time (request to last byte, p50 / p95) and the p95 over all pages; the target is p95 < 200 ms. The first
// fetch of each page (which builds its view before the cache holds it) is reported apart.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROUNDS = 20;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchServe({ cli = resolve(import.meta.dirname, '../dist/cli/index.js') } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'premortem-bench-serve-'));
  const child = spawn(process.execPath, [cli, '--workspace', join(work, 'ws'), 'serve', '--demo', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d.toString();
  });
  const lines = [];
  try {
    const started = Date.now();
    while (!/listening on (\S+)/.test(stderr)) {
      if (child.exitCode !== null) throw new Error(`serve --demo exited ${child.exitCode}: ${stderr.trim()}`);
      if (Date.now() - started > 300_000) throw new Error('serve --demo did not listen within 5 minutes');
      await new Promise((ok) => setTimeout(ok, 200));
    }
    lines.push(`  demo workspace built and served in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const url = /listening on (\S+)/.exec(stderr)[1];
    const password = /sign in as demo-admin with the password (\S+)/.exec(stderr)[1];
    const cookies = new Map();
    const request = async (path, init = {}) => {
      const headers = { ...(init.headers ?? {}), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
      const res = await fetch(`${url}${path}`, { ...init, headers, redirect: 'manual' });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
      return res;
    };
    const login = await (await request('/login')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login)[1];
    const signedIn = await request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'demo-admin', password, _csrf: csrf }).toString(),
    });
    if (signedIn.status !== 303) throw new Error(`login answered ${signedIn.status}`);
    const incidents = await (await request('/api/incidents')).json();
    const seed003 = incidents.find((i) => i.entities.ips.includes('203.0.113.57')) ?? incidents[0];
    const alerts = await (await request('/api/alerts')).json();
    const pages = [
      '/',
      '/incidents',
      `/incidents/${seed003.id}`,
      '/alerts',
      `/alerts/${alerts[0].alert.id}`,
      `/records/${encodeURIComponent(alerts[0].alert.evidence[0].uid)}`,
      '/exceptions',
      '/posture',
      '/readiness',
      '/rules',
      '/audit',
    ];
    const all = [];
    for (const page of pages) {
      const t0 = performance.now();
      const first = await request(page);
      await first.text();
      const firstMs = performance.now() - t0;
      if (first.status !== 200) throw new Error(`${page} answered ${first.status}`);
      const times = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await (await request(page)).text();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      lines.push(
        `  ${page.padEnd(34)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  (first ${firstMs.toFixed(0)} ms)`,
      );
    }
    all.sort((a, b) => a - b);
    lines.push(
      `  page render p95 over ${all.length} requests: ${percentile(all, 95).toFixed(1)} ms (target < 200 ms); p50 ${percentile(all, 50).toFixed(1)} ms`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((ok) => (child.exitCode !== null ? ok() : child.once('close', ok)));
    rmSync(work, { recursive: true, force: true });
  }
  return { lines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('premortem bench: dashboard pages on the demo workspace (premortem serve --demo)');
  console.log((await benchServe()).lines.join('\n'));
}
