import { describe, expect, it } from 'vitest';
import { kqlNumber, kqlString, kqlTimespan, regexLiteral } from './kql-text.js';

describe('KQL literals', () => {
  it('escapes quotes, backslashes and line breaks, and refuses other control characters', () => {
    expect(kqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(kqlString('x\ny\tz\r')).toBe('"x\\ny\\tz\\r"');
    expect(kqlString('" | take 1 //')).toBe('"\\" | take 1 //"');
    expect(() => kqlString('a\u0000b')).toThrow(/control character/);
    expect(() => kqlString('a\u001bb')).toThrow(/control character/);
  });

  it('writes timespans in the largest exact unit', () => {
    expect(kqlTimespan(3_600_000)).toBe('1h');
    expect(kqlTimespan(30 * 86_400_000)).toBe('30d');
    expect(kqlTimespan(90_000)).toBe('90s');
    expect(kqlTimespan(1500)).toBe('1500ms');
  });

  it('numbers and regex literal text', () => {
    expect(kqlNumber(50126)).toBe('50126');
    expect(kqlNumber(1.5)).toBe('real(1.5)');
    expect(regexLiteral('a.b*c(d)[e]$')).toBe('a\\.b\\*c\\(d\\)\\[e\\]\\$');
  });
});
