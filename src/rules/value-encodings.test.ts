import { describe, expect, it } from 'vitest';
import { base64, base64OffsetVariants, windashVariants } from './value-encodings.js';

describe('value encodings', () => {
  it('base64', () => {
    expect(base64('/bin/bash')).toBe('L2Jpbi9iYXNo');
  });

  it('base64offset gives the three shifted encodings with unstable edges cut', () => {
    // Each variant must occur in the encoding of the value embedded at that shift.
    expect(base64OffsetVariants('/bin/bash')).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
    for (const [shift, v] of base64OffsetVariants('Invoke-Mimikatz').entries()) {
      expect(base64(`${'x'.repeat(shift)}Invoke-Mimikatz and more`)).toContain(v);
    }
  });

  it('windash spells each flag with every dash', () => {
    const v = windashVariants('cmd -c /q');
    expect(v).toHaveLength(25);
    expect(v).toContain('cmd /c -q');
    expect(v).toContain('cmd \u2013c \u2014q');
    expect(windashVariants('well-known')).toEqual(['well-known']);
  });

  it('windash refuses an explosion of variants', () => {
    expect(windashVariants('-a -b -c -d -e')).toBeUndefined();
  });
});
