/**
 * Acceptance with small in-process data: a tenant that sends non-interactive sign-ins has token replay covered;
 * the same tenant without them has it covered-but-blind, and the top actions say which source to send.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import { deleteEvents } from '../store/compact.js';
import type { Workspace } from '../store/workspace.js';
import { assessReadiness } from './report.js';

const RULE = `title: One session token used from two countries
id: test-token-replay
tags: [attack.t1550.001]
logsource: { product: premortem, service: signins }
detection:
  sel: { error_code: 0 }
  condition: sel
level: high
`;

let ws: Workspace;
let dir: string;
let cleanup: () => void;
const NOW = Date.parse('2025-09-10T00:00:00Z');

beforeAll(async () => {
  ({ ws, dir, cleanup } = await tempWorkspace());
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'token-replay.yml'), RULE);
  // One day of each kind: one event an hour, from a handful of addresses.
  for (const type of ['interactiveUser', 'nonInteractiveUser']) {
    await ws.run(
      `INSERT INTO signins_inline (uid, created_at, event_type, ip_address, error_code)
       SELECT $1 || i, TIMESTAMPTZ '2025-09-09 00:30:00+00' + to_hours(i), $1, '203.0.113.' || (i % 5), 0 FROM range(24) t(i)`,
      [type],
    );
  }
});
afterAll(() => cleanup());

describe('a source removed', () => {
  const assess = () => assessReadiness(ws, { now: NOW, rules: [join(dir, 'rules')] });

  it('covers token replay while non-interactive sign-ins arrive', async () => {
    const r = await assess();
    expect(r.howDoWeKnow.sent).toEqual(['signins:interactive', 'signins:non-interactive']);
    expect(r.howDoWeKnow.techniques.find((t) => t.technique === 'token-replay')).toMatchObject({
      state: 'covered',
      seeing: ['test-token-replay'],
    });
  });

  it('turns token replay covered-but-blind once non-interactive sign-ins are gone, and says what to send', async () => {
    await deleteEvents(ws, 'signins', `event_type = 'nonInteractiveUser'`);
    const r = await assess();
    expect(r.howDoWeKnow.techniques.find((t) => t.technique === 'token-replay')).toMatchObject({
      state: 'covered-but-blind',
      seeing: [],
      blind: [{ rule: 'test-token-replay', missing: ['signins:non-interactive'] }],
    });
    expect(r.howDoWeKnow.sent).toEqual(['signins:interactive']);
    expect(r.actions.find((a) => a.kind === 'send-source')?.text).toMatch(
      /^Send non-interactive sign-ins: 1 technique/,
    );
  });
});
