import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, HOSTILE_IP, hostileWorkspace } from '../../test/hostile-workspace.js';
import type { tempWorkspace } from '../../test/workspace.js';
import { buildFootprint } from '../investigate/footprint.js';
import { footprintMarkdown } from '../investigate/footprint-format.js';
import { buildIncidents } from '../investigate/incidents.js';
import { buildIncidentReport } from './build-report.js';
import { renderReport } from './render.js';
import type { IncidentReport } from './report-model.js';

/** Splits RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('hostile strings from the logs in every report format', () => {
  let t: Awaited<ReturnType<typeof tempWorkspace>>;
  let report: IncidentReport;
  beforeAll(async () => {
    t = await hostileWorkspace();
    const incidents = await buildIncidents(t.ws);
    expect(incidents).toHaveLength(1);
    report = await buildIncidentReport(t.ws, incidents[0] as (typeof incidents)[number], {
      now: new Date('2026-01-01T00:00:00Z'),
    });
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('carries the hostile values into the report facts (so the renderers are really tested)', () => {
    const json = renderReport([report], 'json');
    for (const v of [HOSTILE.userAgent, HOSTILE.upn.toLowerCase(), HOSTILE.spName, HOSTILE.path])
      expect(json).toContain(JSON.stringify(v).slice(1, -1));
    expect(report.footprints[0]?.actions.some((a) => a.category === 'mailbox rule')).toBe(true);
    expect(report.iocs.ips.map((i) => i.ip)).toEqual([HOSTILE_IP]);
  });

  it('HTML: no element, attribute or URL from the data, and a policy that forbids scripts anyway', () => {
    const out = renderReport([report], 'html');
    expect(out).not.toMatch(/<script/i);
    // The report's own chart is an <svg xmlns=...>; the data's is <svg onload=...>.
    expect(out).not.toMatch(/<(img|iframe|b)\s|<svg\s+onload/i);
    expect(out).not.toMatch(/ on(error|load|mouseover)=["']?window/i);
    expect(out).toContain('&lt;script&gt;window.__pwned');
    expect(out).toContain('&lt;svg onload=&quot;window.__pwned=&#39;sp&#39;&quot;&gt;');
    expect(out).toContain("script-src 'none'");
    // Every tag in the document is the renderer's own: none has an event handler, a link or a source.
    const tags = out.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    expect(tags.filter((tag) => /\s(on\w+|href|src|xlink:href)\s*=/i.test(tag))).toEqual([]);
    expect(new Set(tags.map((tag) => /^<([a-zA-Z]+)/.exec(tag)?.[1]?.toLowerCase()))).not.toContain('img');
    expect(out).not.toContain('\u202E');
    // The attacker-named service principal is shown with its id, escaped, in the incident's objects.
    expect(out).toContain(
      '&lt;svg onload=&quot;window.__pwned=&#39;sp&#39;&quot;&gt;|[click](javascript:alert(1)) (service principal: id sp-1)',
    );
  });

  it('Markdown: no raw HTML, link, image or extra table cell from the data', () => {
    const out = renderReport([report], 'md');
    expect(out).not.toMatch(/<(script|img|svg|iframe|b)\b/i);
    expect(out).not.toMatch(/(?<!\\)\]\((?!\\)/);
    expect(out).toContain('&lt;script&gt;');
    const fp = footprintMarkdown(report.footprints[0] as IncidentReport['footprints'][number]);
    for (const line of fp.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.split(/(?<!\\)\|/).length;
      const header = fp.split('\n').find((l) => l.startsWith('| ') && l.split('|').length === cells);
      expect(header, line).toBeDefined();
    }
  });

  it('CSV: every cell that a spreadsheet would run as a formula starts with an apostrophe', async () => {
    const out = renderReport([report], 'csv');
    const rows = parseCsv(out);
    const width = rows[0]?.length;
    expect(rows.every((r) => r.length === width)).toBe(true);
    const cells = rows.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells).toContain(`'${HOSTILE.userAgent}`);
    const footprint = await buildFootprint(t.ws, { kind: 'ip', value: HOSTILE_IP });
    const { footprintCsv } = await import('./report-csv.js');
    const fpCells = parseCsv(footprintCsv(footprint)).flat();
    expect(fpCells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(
      fpCells.some(
        (c) => c.includes(`ForwardTo='${HOSTILE.forwardTo}`) || c.includes(`ForwardTo=${HOSTILE.forwardTo}`),
      ),
    ).toBe(true);
  });
});
