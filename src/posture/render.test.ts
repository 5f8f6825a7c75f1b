import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden } from '../../test/golden.js';
import { readSnapshotFolder } from '../snapshot/config-snapshot.js';
import { assess } from './assess.js';
import { loadBaseline } from './baseline.js';
import { CheckContext } from './checks/context.js';
import { execReport } from './execs.js';
import { renderAssessmentMarkdown } from './render-assessment.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/snapshots');
const NOW = new Date('2025-10-01T00:00:00Z');

describe('the Markdown report', () => {
  // Golden file (test/golden/posture): review changes in the diff.
  it('matches the reviewed golden file for the misconfigured fixture', () => {
    const snapshot = readSnapshotFolder(join(FIXTURES, 'fail'));
    const a = assess(snapshot, loadBaseline(), [], { now: NOW });
    const md = `${renderAssessmentMarkdown({ ...a, snapshot: { ...a.snapshot, source: 'test/fixtures/snapshots/fail' } }, execReport(new CheckContext(snapshot, NOW)))}\n`;
    expectGolden('posture/assess-fail.md', md);
  });
});
