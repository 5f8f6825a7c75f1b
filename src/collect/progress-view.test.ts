import { describe, expect, test } from 'vitest';
import type { CollectEvent, EndpointResult } from './collect-logs.js';
import { ProgressView } from './progress-view.js';

function sink(isTTY: boolean, columns = 60) {
  const chunks: string[] = [];
  return { out: { write: (t: string) => chunks.push(t), isTTY, columns }, chunks };
}

const result = (over: Partial<EndpointResult> = {}): EndpointResult => ({
  endpoint: 'signIns/interactiveUser',
  title: 'interactive sign-ins',
  status: 'ok',
  pages: 3,
  read: 30,
  loaded: 28,
  duplicate: 2,
  rejected: 0,
  ...over,
});

const pass: CollectEvent[] = [
  { type: 'endpoint-start', endpoint: 'signIns/interactiveUser', title: 'interactive sign-ins' },
  ...Array.from({ length: 20 }, (_, i) => ({
    type: 'page' as const,
    endpoint: 'signIns/interactiveUser',
    pages: i + 1,
    read: (i + 1) * 10,
    loaded: (i + 1) * 9,
  })),
  { type: 'endpoint-end', result: result() },
];

describe('collect progress', () => {
  test('not a terminal: plain lines, no control characters, a pages line every 10 pages', () => {
    const { out, chunks } = sink(false);
    const view = new ProgressView(out);
    for (const e of pass) view.onEvent(e);
    view.onRetry({ url: 'u', attempt: 2, reason: '429 (Retry-After 2 s)', delayMs: 2000 });
    view.finish();
    expect(chunks.join('')).toBe(
      [
        'interactive sign-ins: reading',
        '  10 pages, 100 records',
        '  20 pages, 200 records',
        'interactive sign-ins: 30 read, 28 new (3 pages)',
        '  retry 2: 429 (Retry-After 2 s); waiting 2.0 s',
        '',
      ].join('\n'),
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that no control characters are written.
    expect(chunks.join('')).not.toMatch(/[\r\u001b]/);
  });

  test('a terminal: one live line redrawn in place (throttled), cut to the width, then the result line', () => {
    const { out, chunks } = sink(true, 80);
    let t = 0;
    const view = new ProgressView(out, { now: () => t, minRedrawMs: 100 });
    view.onEvent(pass[0] as CollectEvent);
    for (const e of pass.slice(1, 21)) {
      t += 30;
      view.onEvent(e);
    }
    view.onRetry({ url: 'u', attempt: 1, reason: '503', delayMs: 1500 });
    view.line('a note in between');
    view.onEvent(pass[21] as CollectEvent);
    const text = chunks.join('');
    const redraws = chunks.filter((c) => c.startsWith('\r\x1b[2K') && c.length > 5);
    // 20 pages 30 ms apart redraw about every 100 ms, not 20 times.
    expect(redraws.length).toBeGreaterThan(3);
    expect(redraws.length).toBeLessThan(12);
    expect(redraws.every((r) => r.length - 5 <= 79)).toBe(true);
    expect(text).toContain('interactive sign-ins: 20 pages, 200 records, 180 new'.slice(0, 40));
    expect(text).toContain('(retry 1: 503; waiting 1.5 s)'.slice(0, 10));
    expect(text).toContain('a note in between\n');
    expect(text.endsWith('\r\x1b[2Kinteractive sign-ins: 30 read, 28 new (3 pages)\n')).toBe(true);

    // A narrow terminal: the live line is cut to fit (a wrapped line cannot be redrawn with "\r").
    const narrow = sink(true, 30);
    new ProgressView(narrow.out).onEvent({ type: 'endpoint-start', endpoint: 'x', title: 'x'.repeat(60) });
    expect(narrow.chunks[0]?.length).toBe(5 + 29);
    expect(narrow.chunks[0]?.endsWith('…')).toBe(true);
  });

  test('every line passes through the clean function (redaction, terminal safety)', () => {
    for (const tty of [false, true]) {
      const { out, chunks } = sink(tty, 200);
      const view = new ProgressView(out, { clean: (t) => t.replaceAll('SECRET', '[redacted]') });
      view.onEvent({ type: 'endpoint-start', endpoint: 'x', title: 'x SECRET' });
      view.onEvent({ type: 'endpoint-end', result: result({ status: 'failed', detail: 'token SECRET refused' }) });
      expect(chunks.join('')).not.toContain('SECRET');
      expect(chunks.join('')).toContain('failed: token [redacted] refused');
    }
  });
});
