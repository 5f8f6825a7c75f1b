import { describe, expect, it } from 'vitest';
import {
  decideDateOrder,
  emptyEvidence,
  isAmbiguousDate,
  observeDate,
  parseExportTime,
  parseLocaleDate,
} from './locale-date.js';

const evidenceOf = (values: string[]) => {
  const e = emptyEvidence();
  for (const v of values) observeDate(e, v);
  return e;
};

describe('locale dates', () => {
  it('reads both orders, 12-hour clocks and fractions', () => {
    expect(parseLocaleDate('23/11/2026 14:05:09', 'dmy')).toBe('2026-11-23T14:05:09.000Z');
    expect(parseLocaleDate('23.11.2026 14:05', 'dmy')).toBe('2026-11-23T14:05:00.000Z');
    expect(parseLocaleDate('11/23/2026 2:05:09 PM', 'mdy')).toBe('2026-11-23T14:05:09.000Z');
    expect(parseLocaleDate('4/28/2021, 2:08:45.221 PM', 'mdy')).toBe('2021-04-28T14:08:45.221Z');
    expect(parseLocaleDate('1/5/2026 12:10:00 AM', 'mdy')).toBe('2026-01-05T00:10:00.000Z');
    expect(parseLocaleDate('1/5/2026 12:10:00 PM', 'mdy')).toBe('2026-01-05T12:10:00.000Z');
    expect(parseLocaleDate('03/04/2026', 'dmy')).toBe('2026-04-03T00:00:00.000Z');
  });

  it('refuses impossible dates; with no order, reads a date only one order reads that way, others month-first', () => {
    expect(parseLocaleDate('31/02/2026 10:00:00', 'dmy')).toBeUndefined();
    expect(parseLocaleDate('11/23/2026', 'dmy')).toBeUndefined();
    expect(parseLocaleDate('13:00 23/11/2026', 'dmy')).toBeUndefined();
    expect(parseLocaleDate('03/04/2026', undefined)).toBe('2026-03-04T00:00:00.000Z');
    expect(isAmbiguousDate('03/04/2026', undefined)).toBe(true);
    expect(isAmbiguousDate('03/04/2026', 'dmy')).toBe(false);
    expect(isAmbiguousDate('04/04/2026', undefined)).toBe(false);
    expect(isAmbiguousDate('03.04.2026', undefined)).toBe(false);
    expect(parseLocaleDate('23/04/2026', undefined)).toBe('2026-04-23T00:00:00.000Z');
    expect(parseLocaleDate('04/04/2026', undefined)).toBe('2026-04-04T00:00:00.000Z');
    expect(parseExportTime('2026-11-23 14:05:09', undefined)).toBe('2026-11-23T14:05:09.000Z');
    expect(parseExportTime('2026-11-23T14:05:09+01:00', undefined)).toBe('2026-11-23T13:05:09.000Z');
  });

  it('decides a file from the values that read one way only', () => {
    expect(decideDateOrder(evidenceOf(['23/11/2026 1:00', '03/11/2026 1:00'])).order).toBe('dmy');
    expect(decideDateOrder(evidenceOf(['11/23/2026 1:00 PM', '3/11/2026 1:00 PM'])).order).toBe('mdy');
    expect(decideDateOrder(evidenceOf(['01.02.2026 10:00'])).order).toBe('dmy');
    const undecided = decideDateOrder(evidenceOf(['03/04/2026', '05/06/2026', '07/07/2026', '2026-01-01']));
    expect(undecided).toEqual({
      order: undefined,
      basis: 'undecided: 2 date(s) read either way and none shows the order; read month-first',
      evidence: { dayFirst: 0, monthFirst: 0, dotted: 0, ambiguous: 2 },
    });
    expect(decideDateOrder(evidenceOf(['23/11/2026', '11/23/2026'])).basis).toBe(
      'conflicting: 1 date(s) read only day-first and 1 only month-first',
    );
    expect(decideDateOrder(evidenceOf(['03/04/2026']), 'mdy')).toMatchObject({
      order: 'mdy',
      basis: '--date-order mdy',
    });
  });
});

describe('one definition of a locale date', () => {
  // Values the exports write, values they do not, and the edges each reader could read differently.
  const corpus = [
    '23/11/2026 14:05:09',
    '23.11.2026 14:05',
    '11/23/2026 2:05:09 PM',
    '4/28/2021, 2:08:45.221 PM',
    '4/28/2021, 2:08:45.2 pm',
    '4/28/2021, 2:08:45.2214567 PM',
    '4/28/2021 2:08:45PM',
    '1/5/2026 12:10:00 AM',
    '1/5/2026 0:10:00 AM',
    '1/5/2026 13:10:00 PM',
    '03/04/2026',
    '03.04.2026',
    '11-23-2026',
    '23-11-2026 14:05',
    '11/23/26',
    '31/02/2026 10:00:00',
    '29/02/2024',
    '29/02/2025',
    '4/28/2021 24:00:00',
    '4/28/2021 2:8:5',
    '13:00 23/11/2026',
    '2026-11-23 14:05:09',
    '23/11/2026T14:05',
  ];

  it('JavaScript and SQL read every value alike, in each order and undecided', async () => {
    const { tempWorkspace } = await import('../../test/workspace.js');
    const { DATE_ORDER_VARIABLE, ts } = await import('./sql.js');
    const t = await tempWorkspace();
    try {
      await t.ws.run('CREATE TEMP TABLE v (i INTEGER, x VARCHAR)');
      for (const [i, x] of corpus.entries()) await t.ws.run('INSERT INTO v VALUES ($1, $2)', [i, x]);
      for (const order of ['mdy', 'dmy', undefined] as const) {
        await t.ws.run(`SET VARIABLE ${DATE_ORDER_VARIABLE} = '${order ?? 'undecided'}'`);
        const rows = await t.ws.all<{ i: number; t: string | null }>(
          `SELECT i, strftime(${ts('x')}, '%Y-%m-%dT%H:%M:%S.%gZ') AS t FROM v ORDER BY i`,
        );
        const sql = rows.map((r) => r.t ?? undefined);
        const js = corpus.map((x) => (/^\d{4}-/.test(x) ? parseExportTime(x, order) : parseLocaleDate(x, order)));
        expect(js.map((v, i) => `${corpus[i]} -> ${v}`)).toEqual(sql.map((v, i) => `${corpus[i]} -> ${v}`));
      }
    } finally {
      t.cleanup();
    }
  });

  it('reads a dashed month-first date and refuses a two-digit year, in both readers', () => {
    expect(parseLocaleDate('11-23-2026', undefined)).toBe('2026-11-23T00:00:00.000Z');
    expect(parseLocaleDate('11/23/26', 'mdy')).toBeUndefined();
    expect(parseLocaleDate('03.04.2026', 'mdy')).toBeUndefined();
  });
});
