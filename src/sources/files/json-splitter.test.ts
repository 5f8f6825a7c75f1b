import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter } from './json-splitter.js';

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
