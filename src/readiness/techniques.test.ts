import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/shared-data.js';
import { loadTechniques, parseTechniques } from './techniques.js';

const REFERENCE = resolve(PROJECT_ROOT, '../shared/reference/id_protection_risk_detections.md');

describe('the built-in technique catalogue', () => {
  const techniques = loadTechniques();

  it('holds the three seeds, tampering and ID Protection, each with ATT&CK ids and sources', () => {
    const origins = new Set(techniques.flatMap((t) => t.origin));
    for (const o of ['seed-000', 'seed-003', 'seed-004', 'id-protection', 'tampering'])
      expect(origins.has(o)).toBe(true);
    for (const t of techniques) {
      expect(t.attack.length).toBeGreaterThan(0);
      expect(t.sources.length).toBeGreaterThan(0);
    }
  });

  it.runIf(existsSync(REFERENCE))('lists every riskEventType of the ID Protection reference tables', () => {
    // Table rows end with "| riskEventType" possibly followed by a note: "| passwordSpray  (only ...) |".
    const rows = readFileSync(REFERENCE, 'utf8')
      .split('\n')
      .filter((l) => /^\| [A-Z]/.test(l) && !l.startsWith('| Detection'));
    const types = rows
      .map((l) => l.split('|')[4]?.trim().split(/\s/)[0] ?? '')
      .filter((t) => /^[a-z][A-Za-z]+$/.test(t));
    expect(types.length).toBeGreaterThanOrEqual(25);
    const have = new Set(techniques.map((t) => t.riskEventType));
    expect(types.filter((t) => !have.has(t))).toEqual([]);
  });
});

describe('parseTechniques', () => {
  it('names the file and field of a bad entry', () => {
    const bad =
      'techniques:\n  - id: x\n    name: X\n    attack: [T1]\n    origin: [a]\n    sources: [audits]\n    coveredBy: { tags: [a] }\n';
    expect(() => parseTechniques(bad, 'bad.yml')).toThrow(/bad\.yml: techniques\.0\.attack\.0/);
  });

  it('rejects a source readiness does not know', () => {
    const bad =
      'techniques:\n  - id: x\n    name: X\n    attack: [T1110]\n    origin: [a]\n    sources: [syslog]\n    coveredBy: { tags: [a] }\n';
    expect(() => parseTechniques(bad, 'bad.yml')).toThrow(/not a readiness source id/);
  });
});
