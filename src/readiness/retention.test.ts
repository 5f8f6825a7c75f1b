import { describe, expect, it } from 'vitest';
import type { SourceExtent } from './extent.js';
import { licencesFrom } from './licences.js';
import { lookback } from './retention.js';
import { sourceDef } from './sources.js';

const NOW = Date.parse('2025-10-03T00:00:00Z');
const p1 = licencesFrom([{ skuPartNumber: 'AAD_PREMIUM', prepaidUnits: { enabled: 5 } }], 'snap');
const unknown = licencesFrom(undefined, undefined);
const extent = (earliest: string | null, latest: string | null, count = 10): SourceExtent => ({
  source: 'signins:interactive',
  count,
  earliest,
  latest,
});

describe('lookback', () => {
  it('gives P1 30 days: horizon is the older of our store and Microsoft, loss date is latest + 30 days', () => {
    const lb = lookback(
      sourceDef('signins:interactive'),
      extent('2025-08-01T00:00:00Z', '2025-10-02T12:00:00Z'),
      p1,
      NOW,
    );
    expect(lb.retentionDays).toBe(30);
    expect(lb.microsoftFrom).toBe('2025-09-03T00:00:00.000Z');
    expect(lb.horizon).toBe('2025-08-01T00:00:00.000Z');
    expect(lb.horizonDays).toBe(63);
    expect(lb.lossDate).toBe('2025-11-01T12:00:00.000Z');
    expect(lb.lost).toBeNull();
  });

  it('shows Free and P1/P2 when the licence is unknown and dates with the shorter', () => {
    const lb = lookback(sourceDef('audits'), extent('2025-09-20T00:00:00Z', '2025-10-01T00:00:00Z'), unknown, NOW);
    expect(lb.retention.map((r) => r.days)).toEqual([7, 30]);
    expect(lb.lossDate).toBe('2025-10-08T00:00:00.000Z');
    expect(lb.notes[0]).toMatch(/licence unknown/);
  });

  it('names the evidence already lost when collection stopped longer ago than the retention', () => {
    const lb = lookback(
      sourceDef('signins:interactive'),
      extent('2025-07-01T00:00:00Z', '2025-08-15T00:00:00Z'),
      p1,
      NOW,
    );
    expect(lb.lost).toEqual({ from: '2025-08-15T00:00:00.000Z', to: '2025-09-03T00:00:00.000Z' });
    expect(lb.lossDate).toBe('2025-09-14T00:00:00.000Z');
  });

  it('uses Purview retention for the unified audit log: Standard 180 days', () => {
    const std = licencesFrom([{ skuPartNumber: 'ENTERPRISEPACK' }], 'snap');
    const lb = lookback(sourceDef('ual:mail-items-accessed'), extent(null, null, 0), std, NOW);
    expect(lb.retentionDays).toBe(180);
    expect(lb.horizon).toBe('2025-04-06T00:00:00.000Z');
    expect(lb.notes.some((n) => n.includes('audit set'))).toBe(true);
  });

  it('has no Microsoft retention for configuration snapshots', () => {
    const lb = lookback(sourceDef('snapshots'), extent('2025-09-01T00:00:00Z', '2025-10-01T00:00:00Z', 2), p1, NOW);
    expect(lb.retention).toEqual([]);
    expect(lb.horizon).toBe('2025-09-01T00:00:00.000Z');
    expect(lb.lossDate).toBeNull();
  });
});
