import { describe, expect, it } from 'vitest';
import { JSON_LIMITS, JsonRecordSplitter, JsonRecordTooLarge } from './json-splitter.js';
import { LongLineWatch } from './ndjson.js';

function split(text: string, chunkSize = 7): string[] {
  const s = new JsonRecordSplitter();
  const buf = Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (let i = 0; i < buf.length; i += chunkSize)
    out.push(...s.push(buf.subarray(i, i + chunkSize)).map((r) => r.text));
  out.push(...s.end().map((r) => r.text));
  return out;
}

describe('JsonRecordSplitter', () => {
  it('splits a Graph page and ignores the wrapper keys', () => {
    const page =
      '{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns","value":[{"id":"a","x":{"value":[1]}},{"id":"b"}],"@odata.nextLink":"https://x?$skiptoken=1"}';
    expect(split(page)).toEqual(['{"id":"a","x":{"value":[1]}}', '{"id":"b"}']);
  });

  it('splits Azure Monitor {"records":[...]} bodies, several in a row', () => {
    const body = '{"records":[{"time":"t1"},{"time":"t2"}]}\n{"records":[{"time":"t3"}]}\n';
    expect(split(body, 5)).toEqual(['{"time":"t1"}', '{"time":"t2"}', '{"time":"t3"}']);
  });

  it('splits plain and concatenated arrays (Extractor-Suite "][")', () => {
    const text = '\ufeff[\r\n  {"id":"1","s":"a]b}c"},\r\n  {"id":"2"}\r\n][\r\n  {"id":"3"}\r\n]';
    expect(split(text, 3)).toEqual(['{"id":"1","s":"a]b}c"}', '{"id":"2"}', '{"id":"3"}']);
  });

  it('splits NDJSON by line so a broken line does not swallow the next', () => {
    const text = '{"id":"1"}\r\n{"id":"2", "broken": {\n{"id":"3"}\n\n';
    expect(split(text, 4)).toEqual(['{"id":"1"}', '{"id":"2", "broken": {', '{"id":"3"}']);
  });

  it('splits pretty-printed objects one after another', () => {
    const text = '{\n  "id": "1"\n}\n{\n  "id": "2"\n}\n';
    expect(split(text)).toEqual(['{\n  "id": "1"\n}', '{\n  "id": "2"\n}']);
  });

  it('keeps a single object as one record', () => {
    expect(split('{"id":"only"}')).toEqual(['{"id":"only"}']);
  });

  it('emits a truncated record so that it can be rejected', () => {
    expect(split('{"value":[{"id":"x","createdDateTime":"not a date"')).toEqual([
      '{"id":"x","createdDateTime":"not a date"',
    ]);
  });

  it('handles escaped quotes and braces inside strings', () => {
    expect(split('[{"ua":"a \\"}\\" b","n":"\\\\"}]', 2)).toEqual(['{"ua":"a \\"}\\" b","n":"\\\\"}']);
  });

  it('numbers records in order', () => {
    const s = new JsonRecordSplitter();
    const recs = [...s.push(Buffer.from('[{"a":1},{"a":2},{"a":3}]')), ...s.end()];
    expect(recs.map((r) => r.index)).toEqual([0, 1, 2]);
  });
});

describe('JsonRecordSplitter: the record size limit', () => {
  /** Splits with a limit of `max` bytes; the error it throws, or the records. */
  function splitLimited(text: string, max: number, chunkSize = 5): string[] | JsonRecordTooLarge {
    const s = new JsonRecordSplitter({ maxRecordBytes: max });
    const buf = Buffer.from(text, 'utf8');
    const out: string[] = [];
    try {
      for (let i = 0; i < buf.length; i += chunkSize)
        out.push(...s.push(buf.subarray(i, i + chunkSize)).map((r) => r.text));
      out.push(...s.end().map((r) => r.text));
    } catch (err) {
      if (err instanceof JsonRecordTooLarge) return err;
      throw err;
    }
    return out;
  }
  const long = `{"id":"2","ua":"${'A'.repeat(40)}"}`;

  it('the default is 16 MiB, the size DuckDB reads by default', () => {
    expect(JSON_LIMITS.maxRecordBytes).toBe(16 * 1024 * 1024);
  });

  it.each([
    ['NDJSON', `{"id":"0"}\n{"id":"1"}\n${long}\n{"id":"3"}\n`, 22],
    ['an array', `[{"id":"0"},{"id":"1"},${long},{"id":"3"}]`, 23],
    ['a Graph page', `{"value":[{"id":"0"},{"id":"1"},${long},{"id":"3"}]}`, 32],
    ['pretty-printed objects', `{\n"id":"0"\n}\n{\n"id":"1"\n}\n${long}\n{"id":"3"}`, 26],
  ])('in %s, a record past the limit is named by its index and offset, whatever the chunk size', (_, text, offset) => {
    for (const chunkSize of [3, 7, 1000]) {
      const err = splitLimited(text, 30, chunkSize);
      expect(err).toBeInstanceOf(JsonRecordTooLarge);
      expect(err).toMatchObject({ index: 2, offset, maxRecordBytes: 30 });
      // Within the limit, the same text splits into its four records.
      expect(splitLimited(text, long.length, chunkSize)).toHaveLength(4);
    }
  });

  it('a record left open at the end of the file, and a bare value, are held to the limit too', () => {
    expect(splitLimited(`[{"id":"0"},{"id":"1","ua":"${'A'.repeat(40)}`, 30)).toMatchObject({ index: 1 });
    expect(splitLimited(`[{"id":"0"},${'1'.repeat(40)}]`, 30)).toMatchObject({ index: 1, offset: 12 });
    expect(splitLimited(`{"id":"0"}\n{"id":"1","ua":"${'A'.repeat(40)}`, 30)).toMatchObject({ index: 1, offset: 11 });
  });

  it('stops holding a record once it passes the limit, before the record ends', () => {
    const s = new JsonRecordSplitter({ maxRecordBytes: 1024 });
    s.push(Buffer.from('[{"id":"0","ua":"'));
    expect(() => {
      for (let i = 0; i < 100; i++) s.push(Buffer.alloc(512, 0x41));
    }).toThrow(JsonRecordTooLarge);
  });
});

describe('LongLineWatch', () => {
  function over(text: string, limit: number, chunkSize: number): boolean {
    const w = new LongLineWatch(limit);
    const buf = Buffer.from(text);
    for (let i = 0; i < buf.length; i += chunkSize) w.push(buf.subarray(i, i + chunkSize));
    return w.over;
  }

  it('finds a line longer than the limit, across chunks or inside one, and passes lines at the limit', () => {
    const text = (n: number) => `${'a'.repeat(10)}\n${'b'.repeat(n)}\n${'c'.repeat(10)}`;
    for (const chunkSize of [1, 4, 16, 64, 10_000]) {
      expect(over(text(31), 30, chunkSize)).toBe(true);
      expect(over(text(30), 30, chunkSize)).toBe(false);
      expect(over(`${'d'.repeat(31)}`, 30, chunkSize)).toBe(true); // the last line, with no line feed
    }
  });
});
