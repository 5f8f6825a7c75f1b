import { describe, expect, it } from 'vitest';
import { gapsIn, stoppedAfter } from './gaps.js';
import { HOUR_MS, type HourlySeries } from './hourly.js';

const START = Date.parse('2025-09-01T00:00:00Z'); // a Monday
/** Four weeks of a working tenant: 20 actors an hour on weekdays 08-18 UTC, 1 an hour otherwise at 12:00. */
function series(blank: (t: number) => boolean = () => false): HourlySeries {
  const counts: number[] = [];
  for (let i = 0; i < 28 * 24; i++) {
    const t = START + i * HOUR_MS;
    const d = new Date(t);
    const weekday = d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
    const busy = weekday && d.getUTCHours() >= 8 && d.getUTCHours() < 18;
    counts.push(blank(t) ? 0 : busy ? 20 : d.getUTCHours() === 12 ? 1 : 0);
  }
  return { start: START, counts };
}

describe('gapsIn', () => {
  it('finds nothing in an ordinary month: quiet nights and weekends are not gaps', () => {
    expect(gapsIn('x', series())).toEqual([]);
  });

  it('reports a weekday without collection as one gap spanning the empty run', () => {
    const day = Date.parse('2025-09-17T00:00:00Z');
    const gaps = gapsIn(
      'x',
      series((t) => t >= day && t < day + 24 * HOUR_MS),
    );
    expect(gaps).toEqual([
      // From the hour after the last event (Tue 18:00) to the first event (Thu 08:00).
      { source: 'x', start: '2025-09-16T18:00:00.000Z', end: '2025-09-18T08:00:00.000Z', hours: 38, expected: 200 },
    ]);
  });

  it('does not report a single missing quiet hour', () => {
    const t0 = Date.parse('2025-09-13T12:00:00Z'); // a Saturday noon, 1 actor
    expect(
      gapsIn(
        'x',
        series((t) => t === t0),
      ),
    ).toEqual([]);
  });
});

describe('stoppedAfter', () => {
  const s = series();
  const last = Date.parse('2025-09-28T12:30:00Z'); // Sunday

  it('is quiet over a weekend night', () => {
    expect(stoppedAfter('x', s, last, Date.parse('2025-09-29T06:00:00Z'))).toBeNull();
  });

  it('says stopped once a working morning passes with nothing', () => {
    const st = stoppedAfter('x', s, last, Date.parse('2025-09-29T09:00:00Z'));
    expect(st).toEqual({ source: 'x', lastEvent: '2025-09-28T12:30:00.000Z', silentHours: 20, expected: 20 });
  });
});
