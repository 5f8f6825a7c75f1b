import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_ACTIVITY_DIR } from './graph-activity.js';
import {
  DIRECTORY_AUDITS_COLLECTION,
  type GraphPage,
  SIGNINS_COLLECTION,
  toGraphPages,
  writeGraphJson,
} from './graph-writer.js';
import { simulate } from './simulate.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'premortem-sim-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const sub of ['signIns', 'directoryAudits']) {
    for (const name of (await readdir(join(dir, sub))).sort())
      out.set(`${sub}/${name}`, await readFile(join(dir, sub, name)));
  }
  return out;
}

describe('toGraphPages', () => {
  const records = Array.from({ length: 2500 }, (_, i) => ({ id: `r${String(2500 - i).padStart(4, '0')}` }));

  it('cuts 1000 records a page, with a nextLink on every page but the last', () => {
    const pages = toGraphPages(records, SIGNINS_COLLECTION);
    expect(pages.map((p) => p.value.length)).toEqual([1000, 1000, 500]);
    expect(pages.map((p) => p['@odata.context'])).toEqual(Array(3).fill(SIGNINS_COLLECTION.context));
    for (const p of pages.slice(0, 2)) {
      expect(p['@odata.nextLink']).toMatch(
        /^https:\/\/graph\.microsoft\.com\/beta\/auditLogs\/signIns\?\$top=1000&\$skiptoken=[0-9a-f]{64}$/,
      );
    }
    expect(pages[2]).not.toHaveProperty('@odata.nextLink');
    expect(pages[0]?.['@odata.nextLink']).not.toBe(pages[1]?.['@odata.nextLink']);
    expect(pages.flatMap((p) => p.value)).toEqual(records);
  });

  it('writes the keys in Graph order: context, value, nextLink', () => {
    const [page] = toGraphPages(records, DIRECTORY_AUDITS_COLLECTION);
    expect(Object.keys(page ?? {})).toEqual(['@odata.context', 'value', '@odata.nextLink']);
    expect(page?.['@odata.nextLink']).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/auditLogs\/directoryAudits\?/);
  });

  it('ends on a full page without a nextLink when the count is a multiple of the page size', () => {
    const pages = toGraphPages(records.slice(0, 2000), SIGNINS_COLLECTION);
    expect(pages.map((p) => p.value.length)).toEqual([1000, 1000]);
    expect('@odata.nextLink' in (pages[1] ?? {})).toBe(false);
  });

  it('answers an empty collection with one empty page, as Graph does', () => {
    expect(toGraphPages([], SIGNINS_COLLECTION)).toEqual([{ '@odata.context': SIGNINS_COLLECTION.context, value: [] }]);
  });
});

describe('writeGraphJson', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    const c = join(root, 'c');
    await writeGraphJson(simulate({ seed: 1 }), a);
    await writeGraphJson(simulate({ seed: 1 }), b);
    await writeGraphJson(simulate({ seed: 2 }), c);
    const [fa, fb, fc] = await Promise.all([filesOf(a), filesOf(b), filesOf(c)]);
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name) ?? Buffer.alloc(0)), name).toBe(true);
    const first = 'signIns/page-0001.json';
    expect(fa.get(first)?.equals(fc.get(first) ?? Buffer.alloc(0))).toBe(false);
  });

  it('writes Graph pages, newest first across pages, only Graph JSON in the folder', async () => {
    const dir = join(root, 'a');
    expect((await readdir(dir)).sort()).toEqual([
      'directoryAudits',
      'insights-logs-microsoftgraphactivitylogs',
      'signIns',
      'unifiedAuditLog',
    ]);
    for (const [sub, context, time] of [
      ['signIns', SIGNINS_COLLECTION.context, 'createdDateTime'],
      ['directoryAudits', DIRECTORY_AUDITS_COLLECTION.context, 'activityDateTime'],
    ] as const) {
      const names = (await readdir(join(dir, sub))).sort();
      expect(names[0]).toBe('page-0001.json');
      let previous = '9999';
      let total = 0;
      for (const [i, name] of names.entries()) {
        expect(name).toBe(`page-${String(i + 1).padStart(4, '0')}.json`);
        const page = JSON.parse(await readFile(join(dir, sub, name), 'utf8')) as GraphPage<Record<string, string>>;
        const last = i === names.length - 1;
        expect(page['@odata.context']).toBe(context);
        expect(Array.isArray(page.value)).toBe(true);
        if (!last) expect(page.value).toHaveLength(1000);
        expect('@odata.nextLink' in page).toBe(!last);
        for (const record of page.value) {
          const t = record[time] ?? '';
          expect(t <= previous, `${sub}/${name} ${record.id}`).toBe(true);
          previous = t;
        }
        total += page.value.length;
      }
      expect(total).toBeGreaterThan(sub === 'signIns' ? 40_000 : 300);
    }
  });

  it('removes stale pages of an earlier, larger run and leaves other files alone', async () => {
    const dir = join(root, 'stale');
    await writeGraphJson(simulate({ seed: 1, scenario: 'none' }), dir);
    await writeFile(join(dir, 'signIns', 'page-0999.json'), '{}');
    await writeFile(join(dir, 'signIns', 'notes.txt'), 'mine');
    const summary = await writeGraphJson(simulate({ seed: 1, scenario: 'none' }), dir);
    const names = await readdir(join(dir, 'signIns'));
    expect(names).not.toContain('page-0999.json');
    expect(names).toContain('notes.txt');
    expect(names.filter((n) => n.startsWith('page-'))).toHaveLength(summary.signIns.pages);
  });

  it('writes the unified audit log and the Graph activity log as their blobs, oldest first, only when there is one', async () => {
    const sim = simulate({ seed: 1 });
    const blob = JSON.parse(await readFile(join(root, 'a', 'unifiedAuditLog', 'Audit.Exchange-0001.json'), 'utf8')) as {
      Id: string;
      CreationTime: string;
    }[];
    expect(blob.map((r) => r.Id)).toEqual([...sim.unifiedAuditLog].reverse().map((r) => r.Id));
    const none = join(root, 'no-ual');
    const summary = await writeGraphJson(simulate({ seed: 1, scenario: 'none' }), none);
    expect(summary.unifiedAuditLog).toEqual({ records: 0, blobs: 0 });
    expect(summary.graphActivity).toEqual({ records: 0, blobs: 0 });
    expect((await readdir(none)).sort()).toEqual(['directoryAudits', 'signIns']);
    // The Graph activity log: hourly PT1H.json blobs of diagnostic records, one per line, oldest first.
    const dir = join(root, 'a', GRAPH_ACTIVITY_DIR);
    const blobs = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('PT1H.json')).sort();
    const lines: { time: string; category: string; properties: { requestId: string } }[] = [];
    for (const blob of blobs) {
      const hour = /y=(\d{4})\/m=(\d\d)\/d=(\d\d)\/h=(\d\d)\/m=00\/PT1H\.json$/.exec(blob);
      expect(blob.startsWith(`resourceId=/tenants/${sim.tenant.id}/providers/Microsoft.aadiam/`), blob).toBe(true);
      const records = (await readFile(join(dir, blob), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      // Each record in the hour its blob names.
      for (const r of records) expect(r.time.slice(0, 13)).toBe(`${hour?.[1]}-${hour?.[2]}-${hour?.[3]}T${hour?.[4]}`);
      lines.push(...records);
    }
    expect(lines.map((r) => r.properties.requestId)).toEqual(
      [...sim.graphActivity].reverse().map((r) => r.properties.requestId),
    );
    expect(new Set(lines.map((r) => r.category))).toEqual(new Set(['MicrosoftGraphActivityLogs']));
    // A run without UAL or Graph activity over one with them removes the stale blobs and leaves other files alone.
    const stale = join(root, 'stale-ual');
    await writeGraphJson(simulate({ seed: 1, scenario: 'token-theft' }), stale);
    await writeFile(join(stale, 'unifiedAuditLog', 'notes.txt'), 'mine');
    await writeFile(join(stale, GRAPH_ACTIVITY_DIR, 'notes.txt'), 'mine');
    await writeGraphJson(simulate({ seed: 1, scenario: 'none' }), stale);
    expect(await readdir(join(stale, 'unifiedAuditLog'))).toEqual(['notes.txt']);
    expect(await readdir(join(stale, GRAPH_ACTIVITY_DIR))).toEqual(['notes.txt']);
  });

  it('refuses an --out that is a file', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    await expect(writeGraphJson(simulate({ seed: 1, scenario: 'none' }), file)).rejects.toMatchObject({
      code: 'usage',
    });
  });
});
