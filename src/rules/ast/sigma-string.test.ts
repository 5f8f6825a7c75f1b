import { describe, expect, it } from 'vitest';
import { formatSigmaString, hasWildcards, parseSigmaString, plainText, wrapSigmaString } from './sigma-string.js';

describe('parseSigmaString', () => {
  it('splits wildcards from text', () => {
    expect(parseSigmaString('a*b?c').parts).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'any' },
      { kind: 'text', text: 'b' },
      { kind: 'one' },
      { kind: 'text', text: 'c' },
    ]);
  });

  it('honours escapes: \\* \\? and \\\\ are literals', () => {
    const s = parseSigmaString('50\\*off\\?\\\\x');
    expect(hasWildcards(s)).toBe(false);
    expect(plainText(s)).toBe('50*off?\\x');
  });

  it('keeps a backslash before an ordinary character (Windows paths)', () => {
    expect(plainText(parseSigmaString('C:\\Windows\\System32'))).toBe('C:\\Windows\\System32');
  });

  it('an escaped backslash before a wildcard leaves the wildcard active', () => {
    const s = parseSigmaString('dir\\\\*');
    expect(s.parts).toEqual([{ kind: 'text', text: 'dir\\' }, { kind: 'any' }]);
  });

  it('wraps for contains and formats back to Sigma notation', () => {
    const s = wrapSigmaString(parseSigmaString('a\\*b'), true, true);
    expect(formatSigmaString(s)).toBe('*a\\*b*');
    expect(Object.isFrozen(s)).toBe(true);
  });
});
