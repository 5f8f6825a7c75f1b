import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { premortemStdout } from '../../test/cli.js';
import { tempDir } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  const ws = await Workspace.open(join(dir, 'ws'));
  // Two unrelated findings whose rules load in the opposite order of their times: a spray from one address
  // (a correlation) late in the day, and a sign-in to a disabled account early.
  await ws.run(
    `INSERT INTO signins (uid, source_id, created_at, event_type, user_principal_name, ip_address, error_code, client_app)
     SELECT 'spray-' || i, 'spray-' || i, TIMESTAMPTZ '2025-09-09 18:00:00+00' + to_minutes(i), 'interactiveUser',
            'user' || i || '@contoso.com', '203.0.113.7', 50126, 'Authenticated SMTP' FROM range(30) t(i)`,
  );
  await ws.run(
    `INSERT INTO signins (uid, source_id, created_at, event_type, user_principal_name, ip_address, error_code, client_app)
     VALUES ('disabled-1', 'disabled-1', TIMESTAMPTZ '2025-09-09 06:00:00+00', 'interactiveUser', 'old@contoso.com', '198.51.100.9', 50057, 'Browser')`,
  );
  ws.close();
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
