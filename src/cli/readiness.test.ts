import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { premortemStdout } from '../../test/cli.js';
import { tempDir } from '../../test/workspace.js';
import { Workspace } from '../store/workspace.js';

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  // Written, then closed: the command opens the workspace itself (DuckDB holds one writer).
  const ws = await Workspace.open(join(dir, 'ws'));
  await ws.run(
    `INSERT INTO signins_inline (uid, created_at, event_type, ip_address, error_code)
     SELECT 's' || i, TIMESTAMPTZ '2025-09-09 00:30:00+00' + to_hours(i), 'interactiveUser', '198.51.100.1', 0 FROM range(5) t(i)`,
  );
  ws.close();
});
afterAll(() => cleanup());

/** The real program on the test's workspace: stdout (test/cli.ts). */
const run = (args: string[]): Promise<string> => premortemStdout(['--workspace', join(dir, 'ws'), ...args]);

describe('premortem readiness', () => {
  it('--json prints one document with the three answers, as of the newest event with --now latest', async () => {
    const report = JSON.parse(await run(['--json', 'readiness', '--now', 'latest']));
    expect(report.now).toBe('2025-09-09T04:30:00.000Z');
    expect(Object.keys(report)).toEqual([
      'now',
      'licences',
      'howFarBack',
      'howDoWeKnow',
      'howFast',
      'credentials',
      'blindSpots',
      'score',
      'actions',
    ]);
    expect(report.howFarBack.sources[0]).toMatchObject({ source: 'signins:interactive', count: 5 });
  });

  it('prints the answers as text', async () => {
    const text = await run(['readiness', '--now', '2025-09-10T00:00:00Z', '--interval', '1m']);
    expect(text).toContain('premortem readiness at 2025-09-10T00:00:00.000Z: score ');
    for (const heading of [
      'HOW FAR BACK CAN WE LOOK?',
      'HOW DO WE KNOW?',
      'HOW FAST CAN WE KNOW? (Microsoft pipeline + watch every 60s',
      'TOP ACTIONS',
    ]) {
      expect(text).toContain(heading);
    }
  });

  it('takes the time-to-alert replay output as measurements, from the workspace by default', async () => {
    const line =
      '{"metric":"time-to-alert","rule":"Password spray from one source","intervalSeconds":5,"timeToAlertSeconds":19.7}\n';
    writeFileSync(join(dir, 'ws', 'time-to-detect.json'), line);
    const report = JSON.parse(await run(['--json', 'readiness', '--now', '2025-09-09T05:00:00Z']));
    const spray = report.howFast.scenarios.find((s: { scenario: string }) => s.scenario === 'spray-backdoor');
    expect(spray.steps[0]).toMatchObject({
      technique: 'password-spray',
      detectable: true,
      processingS: 17.2,
      totalTypicalS: 332,
    });
  });

  it('rejects a --now that is not a time', async () => {
    await expect(run(['readiness', '--now', 'yesterday'])).rejects.toThrow(/--now takes an ISO 8601 time/);
  });
});
