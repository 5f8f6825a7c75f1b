import { describe, expect, it } from 'vitest';
import { csvCell, csvTable, html, md } from './escape.js';

describe('html()', () => {
  it('leaves no markup, attribute break-out or control character', () => {
    expect(html(`<script>alert("x")</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html(`' onmouseover='x`)).toBe('&#39; onmouseover=&#39;x');
    expect(html('a\u202Eb\u0000c')).toBe('a\\u202eb\\u0000c');
    expect(html(null)).toBe('');
    expect(html(42)).toBe('42');
  });
});

describe('md()', () => {
  it('cannot open a link, an image, raw HTML or a new table cell', () => {
    const out = md('[x](javascript:alert(1)) ![p](http://t.example/p.png) <b>| a\nb');
    expect(out).not.toMatch(/(?<!\\)[[\]()|<>]/);
    expect(out).not.toContain('\n');
    expect(out).toContain('javascript\\:');
    expect(out).toContain('http\\:');
  });
});

describe('csvCell()', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])('neutralises the formula %j', (v) => {
    expect(csvCell(v).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('quotes separators, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvTable(['h'], [['=x']])).toBe("h\r\n'=x\r\n");
  });
});
