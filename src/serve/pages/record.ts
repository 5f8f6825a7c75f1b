/** One raw record as it was read from the kept original: shown as text, never interpreted. */
import type { RawRecordView } from '../../ingest/raw-record.js';
import { html } from '../html.js';
import { type PageUser, page } from '../layout.js';

export function recordPage(user: PageUser, r: RawRecordView): string {
  let pretty = r.raw;
  try {
    pretty = JSON.stringify(JSON.parse(r.raw), null, 2);
  } catch {
    // Not JSON (a CSV row is rebuilt as JSON, so this is rare): shown exactly as read.
  }
  return page(
    `Record ${r.uid}`,
    user,
    html`<table><tbody><tr><th>Table</th><td>${r.table}</td></tr><tr><th>Source id</th><td><code>${r.source_id ?? ''}</code></td></tr>
<tr><th>File</th><td>${r.path} (record ${r.record_index}, ${r.source_shape})</td></tr><tr><th>SHA-256</th><td><code>${r.evidence_sha256}</code></td></tr></tbody></table>
<h2>As read</h2><pre class="raw">${pretty}</pre>`,
  );
}
