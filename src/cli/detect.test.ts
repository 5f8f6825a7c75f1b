import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { premortemStdout, sprayAndDisabledWorkspace } from '../../test/cli.js';
import { tempDir } from '../../test/workspace.js';

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  await sprayAndDisabledWorkspace(join(dir, 'ws'));
});
afterAll(() => cleanup());

/** The real program on the test's workspace: stdout (test/cli.ts). */
const run = (args: string[]): Promise<string> => premortemStdout(['--workspace', join(dir, 'ws'), ...args]);

describe('premortem detect', () => {
  it('prints the alerts in the order things happened, in the contract shape', async () => {
    const alerts = JSON.parse(await run(['--json', 'detect'])) as {
      first_seen: string;
      title: string;
      evidence: unknown[];
    }[];
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    const times = alerts.map((a) => a.first_seen);
    expect(times).toEqual([...times].sort());
    expect(alerts[0]?.first_seen).toBe('2025-09-09T06:00:00.000Z');
    expect(alerts.some((a) => /spray/i.test(a.title))).toBe(true);
  });
});

describe('premortem timeline without --incident', () => {
  it("gives each incident its own timeline, so one incident's addresses never enter another's story", async () => {
    await run(['detect']);
    const sections = JSON.parse(await run(['--json', 'timeline'])) as {
      incident: { id: string };
      entries: { action: string }[];
      followed: { ips: string[] };
    }[];
    expect(sections).toHaveLength(2);
    const spray = sections.find((x) => x.followed.ips.includes('203.0.113.7'));
    const disabled = sections.find((x) => x.followed.ips.includes('198.51.100.9'));
    expect(spray && disabled && spray !== disabled).toBe(true);
    expect(spray?.followed.ips).not.toContain('198.51.100.9');
    expect(JSON.stringify(spray?.entries)).not.toContain('old@contoso.com');
    const text = await run(['timeline']);
    expect(text.match(/^== Incident /gm)).toHaveLength(2);
  });
});
