import { describe, expect, it } from 'vitest';
import { terminalSafe } from './terminal.js';

describe('terminalSafe', () => {
  it('neutralises ANSI escapes, bidi overrides and carriage returns from log fields', () => {
    const ua = 'Mozilla\u001b[2J\u001b]0;pwned\u0007\r\u202eevil';
    const out = terminalSafe(ua);
    for (const c of ['\u001b', '\u0007', '\r', '\u202e']) expect(out).not.toContain(c);
    expect(out).toBe('Mozilla\\u001b[2J\\u001b]0;pwned\\u0007\\u000d\\u202eevil');
  });

  it('leaves ordinary text, tabs and newlines alone', () => {
    expect(terminalSafe('Adele Vance\tBrowser\nok – fine')).toBe('Adele Vance\tBrowser\nok – fine');
  });
});
