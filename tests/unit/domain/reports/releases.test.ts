/**
 * Successive releases (docs/reports.md, "Successive releases"): a release is suppressed and
 * audited together with the earlier releases linked to it, so that two overlapping releases read
 * together give away nothing either protects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditPublishedReport,
  counsellorCategories,
  isCountMeasure,
  linkedReleases,
  type PublishedReport,
  type ReleaseRow,
} from '../../../../src/domain/reports';
import { at, build, emptyInput, message, people, reply, valueOf } from './helpers';
import { worldArb } from './world';

/** What a reader holds of a release: its count rows, every one as published. */
const countRows = (published: PublishedReport): ReleaseRow[] =>
  published.rows.filter((r) => isCountMeasure(r.measure));

const optionsArb = fc.record({
  threshold: fc.constantFrom(5, 6, 10),
  byCounsellor: fc.boolean(),
  /** The second release by counsellor or not, whatever the first was. */
  secondByCounsellor: fc.boolean(),
});

describe('successive releases (properties)', () => {
  it('an April–May release then an April–June one: read together, nothing hidden is determined', () => {
    fc.assert(
      fc.property(
        worldArb,
        optionsArb,
        (input, { threshold, byCounsellor, secondByCounsellor }) => {
          const first = build(input, { from: '2026-04', to: '2026-05', threshold, byCounsellor });
          const second = build(input, {
            from: '2026-04',
            to: '2026-06',
            threshold,
            byCounsellor: secondByCounsellor,
            earlier: [first.published],
            counsellorAliases: first.report.counsellorAliases,
          });
          expect(second.report.linkedReleases).toBe(1);
          // The data did not change: every earlier figure still holds, as the second release says.
          const earlierNow = new Map(
            second.report.earlier.map((r) => [`${r.period}|${r.measure}|${r.category}`, r.value]),
          );
          for (const row of countRows(first.published)) {
            expect(earlierNow.get(`${row.period}|${row.measure}|${row.category}`)).toBe(row.value);
          }
          // Hidden once, hidden always; published once, published the same.
          const firstValues = new Map(
            countRows(first.published).map((r) => [`${r.period}|${r.measure}|${r.category}`, r]),
          );
          for (const row of countRows(second.published)) {
            const before = firstValues.get(`${row.period}|${row.measure}|${row.category}`);
            if (before !== undefined) expect(row.value).toBe(before.value);
          }
          // The joint audit, as the export runs it, and as a reader holding both files would.
          const joint = auditPublishedReport(second.published, second.report.earlier);
          expect(joint.problems).toEqual([]);
          const reader = auditPublishedReport(second.published, countRows(first.published));
          expect(reader.problems).toEqual([]);
          for (const c of reader.cells) expect(c.upper === null || c.upper > c.lower).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  }, 240_000);
});

describe('successive releases with data changed between them (properties)', () => {
  it('never publishes a changed figure, keeps hidden what was hidden, and passes the joint audit', () => {
    fc.assert(
      fc.property(
        worldArb,
        optionsArb,
        fc.integer({ min: 0, max: 90 }),
        (input, { threshold, byCounsellor }, day) => {
          // The first release is made some day in April to June: later replies are not in it.
          const madeAt = at('2026-04-01T00:00:00+09:00') + day * 86_400_000;
          const first = build(input, {
            from: '2026-04',
            to: '2026-05',
            threshold,
            byCounsellor,
            nowMs: madeAt,
          });
          const second = build(input, {
            from: '2026-04',
            to: '2026-06',
            threshold,
            byCounsellor,
            earlier: [first.published],
            counsellorAliases: first.report.counsellorAliases,
          });
          const before = new Map(
            countRows(first.published).map((r) => [`${r.period}|${r.measure}|${r.category}`, r]),
          );
          for (const cell of second.report.cells) {
            const was = before.get(`${cell.period}|${cell.measure}|${cell.category}`);
            if (was === undefined) continue;
            if (was.value === '*' || cell.raw !== was.value) expect(cell.value).toBe('*');
            else expect(cell.value).toBe(was.value);
          }
          expect(auditPublishedReport(second.published, second.report.earlier).problems).toEqual(
            [],
          );
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);
});

describe('successive releases (examples)', () => {
  /** 30 English speakers write each month; Japanese speakers 3 in April, 15 in May, 12 in June. */
  function overlapping() {
    const en = people(30, 'en');
    const ja = people(15, 'ja');
    const messages = [
      ...['04', '05', '06'].flatMap((mm) =>
        en.map((p) => message(p.id, `2026-${mm}-08T10:00:00+09:00`)),
      ),
      ...ja.slice(0, 3).map((p) => message(p.id, '2026-04-13T10:00:00+09:00')),
      ...ja.slice(0, 15).map((p) => message(p.id, '2026-05-13T10:00:00+09:00')),
      ...ja.slice(0, 12).map((p) => message(p.id, '2026-06-13T10:00:00+09:00')),
    ];
    return emptyInput({ participants: [...en, ...ja], messages });
  }

  it('two overlapping releases made alone give hidden counts away; made in turn, they do not', () => {
    const input = overlapping();
    const first = build(input, { from: '2026-04', to: '2026-05', threshold: 10 });
    // Each release alone passes its audit.
    expect(auditPublishedReport(first.published).problems).toEqual([]);
    const alone = build(input, { from: '2026-04', to: '2026-06', threshold: 10 });
    expect(auditPublishedReport(alone.published).problems).toEqual([]);
    // Read together, they pin June's counts that the second one hides.
    const together = auditPublishedReport(alone.published, countRows(first.published));
    expect(together.problems).toContain(
      'messages-received language:ja 2026-06 is suppressed, but what is published determines it: it is 12',
    );
    // Made with the first release on record, the second keeps every hidden count free.
    const second = build(input, {
      from: '2026-04',
      to: '2026-06',
      threshold: 10,
      earlier: [first.published],
    });
    expect(auditPublishedReport(second.published, countRows(first.published)).problems).toEqual([]);
    // April's 3 stays hidden; what the first release published is published the same.
    expect(valueOf(second.published, '2026-05', 'messages-received', 'language:ja')).toBe(
      valueOf(first.published, '2026-05', 'messages-received', 'language:ja'),
    );
    expect(valueOf(second.published, '2026-04', 'messages-received', 'language:ja')).toBe('*');
  });

  it('suppresses a count that changed since it was published, and keeps the audit whole', () => {
    // 24 messages received in May: 12 answered in May, one only on 3 June, 11 never.
    const en = people(24, 'en');
    const messages = en.flatMap((p, i) => {
      const m = message(p.id, `2026-05-${String(8 + i).padStart(2, '0')}T10:00:00+09:00`);
      const day = String(8 + i).padStart(2, '0');
      if (i > 12) return [m];
      const sent = i === 0 ? '2026-06-03T10:00:00+09:00' : `2026-05-${day}T15:00:00+09:00`;
      return [m, reply(m, sent)];
    });
    const input = emptyInput({ participants: en, messages });
    // The first release is made on 1 June: 12 of the 24 are answered.
    const first = build(input, {
      from: '2026-04',
      to: '2026-05',
      threshold: 10,
      nowMs: at('2026-06-01T09:00:00+09:00'),
    });
    expect(valueOf(first.published, '2026-05', 'messages-answered')).toBe(12);
    const second = build(input, {
      from: '2026-04',
      to: '2026-06',
      threshold: 10,
      nowMs: at('2026-07-01T09:00:00+09:00'),
      earlier: [first.published],
    });
    // 13 now: publishing it would tell that one May message was answered after 1 June.
    expect(valueOf(second.published, '2026-05', 'messages-answered')).toBe('*');
    const may = second.report.cells.find(
      (c) => c.period === '2026-05' && c.measure === 'messages-answered' && c.category === 'all',
    );
    expect(may).toMatchObject({ raw: 13, status: 'revised' });
    // What did not change is published again, the same.
    expect(valueOf(second.published, '2026-05', 'messages-received')).toBe(24);
    expect(auditPublishedReport(second.published, second.report.earlier).problems).toEqual([]);
    // Built without the earlier release, it would publish the changed figure.
    const alone = build(input, {
      from: '2026-04',
      to: '2026-06',
      threshold: 10,
      nowMs: at('2026-07-01T09:00:00+09:00'),
    });
    expect(valueOf(alone.published, '2026-05', 'messages-answered')).toBe(13);
    const problems = auditPublishedReport(alone.published, countRows(first.published)).problems;
    expect(problems).toContain(
      'messages-answered all 2026-05 is published as 13, but an earlier release published 12: the difference is a count of its own',
    );
  });

  it('keeps hidden what an earlier release hid, even when this release alone would publish it', () => {
    // April: 12 English and 3 Japanese speakers write. The April release hides the Japanese count
    // (primary) and one more cell of its line. A later release at T=5 would publish 3? No: it is
    // still from 1 to T-1. So take T=10 first, then a release at the same T with more months.
    const en = people(12, 'en');
    const ja = people(3, 'ja');
    const messages = [
      ...en.map((p) => message(p.id, '2026-04-08T10:00:00+09:00')),
      ...ja.map((p) => message(p.id, '2026-04-09T10:00:00+09:00')),
    ];
    const input = emptyInput({ participants: [...en, ...ja], messages });
    const first = build(input, { from: '2026-04', to: '2026-04', threshold: 10 });
    const hidden = countRows(first.published).filter((r) => r.value === '*');
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    const second = build(input, {
      from: '2026-04',
      to: '2026-06',
      threshold: 10,
      earlier: [first.published],
    });
    for (const row of hidden) {
      expect(valueOf(second.published, row.period, row.measure, row.category)).toBe('*');
    }
    expect(auditPublishedReport(second.published, second.report.earlier).problems).toEqual([]);
    // A reader given a release that shows an earlier hidden figure: the audit says so.
    const leaky = {
      ...second.published,
      rows: second.published.rows.map((r) =>
        r.period === '2026-04' && r.measure === 'messages-received' && r.category === 'language:en'
          ? { ...r, value: 12 }
          : r,
      ),
    };
    expect(auditPublishedReport(leaky, second.report.earlier).ok).toBe(false);
  });

  it('links the earlier releases that share a month with this one, directly or through another', () => {
    const r = (from: string, to: string) => ({ from, to, rows: [] });
    const earlier = [r('2026-01', '2026-02'), r('2026-02', '2026-03'), r('2026-06', '2026-07')];
    expect(linkedReleases(earlier, '2026-03', '2026-04')).toEqual([earlier[0], earlier[1]]);
    expect(linkedReleases(earlier, '2026-05', '2026-05')).toEqual([]);
    expect(linkedReleases(earlier, '2026-05', '2026-06')).toEqual([earlier[2]]);
  });

  it('says what is wrong with earlier figures it is given', () => {
    const { published } = build(emptyInput(), { from: '2026-04', to: '2026-04' });
    const problems = auditPublishedReport(published, [
      { period: '2026-04', measure: 'on-time-share', category: 'all', value: 0.5 },
      { period: '2026-03', measure: 'sessions', category: 'all', value: -1 },
      { period: '2026-03', measure: 'sessions', category: 'all', value: 12 },
      { period: '2026-03', measure: 'sessions', category: 'all', value: 13 },
    ]).problems;
    expect(problems).toEqual([
      'earlier[0]: not a count cell of a month or a span of months',
      'earlier[1]: a count must be a whole number of at least 0, or the marker',
      'earlier[3]: the earlier releases give two figures for one cell',
    ]);
  });
});

describe('counsellor aliases across releases', () => {
  it('keeps the aliases given and numbers new counsellors after them', () => {
    const map = counsellorCategories(['c-1', 'c-9', 'c-3'], { 'c-9': 'counsellor:1' });
    expect(Object.fromEntries(map)).toEqual({
      'c-9': 'counsellor:1',
      'c-1': 'counsellor:2',
      'c-3': 'counsellor:3',
    });
    // A counsellor of an earlier release who is gone keeps the alias (nobody else gets it).
    const later = counsellorCategories(['c-1', 'c-4'], Object.fromEntries(map));
    expect(later.get('c-4')).toBe('counsellor:4');
    expect(later.get('c-9')).toBe('counsellor:1');
  });

  it('refuses an alias of another form, or one alias for two counsellors', () => {
    expect(() => counsellorCategories(['c-1'], { 'c-1': 'miho.sato' })).toThrow(
      'counsellor aliases: "miho.sato" is not of the form counsellor:N',
    );
    expect(() =>
      counsellorCategories([], { 'c-1': 'counsellor:1', 'c-2': 'counsellor:1' }),
    ).toThrow('counsellor aliases: counsellor:1 is given to two counsellors');
  });

  it('gives a report the aliases it used, and keeps them in the next', () => {
    const en = people(12, 'en');
    const messages = en.flatMap((p, i) => {
      const m = message(p.id, '2026-05-08T10:00:00+09:00');
      return [m, reply(m, '2026-05-08T15:00:00+09:00', i % 2 === 0 ? 'c-b' : 'c-c')];
    });
    const input = emptyInput({ participants: en, messages });
    const first = build(input, { from: '2026-05', to: '2026-05', byCounsellor: true });
    expect(first.report.counsellorAliases).toEqual({
      'c-b': 'counsellor:1',
      'c-c': 'counsellor:2',
    });
    // A new counsellor whose id sorts first does not take counsellor:1.
    const more = emptyInput({
      participants: en,
      messages,
      counsellors: [{ id: 'c-a' }, { id: 'c-b' }, { id: 'c-c' }],
    });
    const second = build(more, {
      from: '2026-05',
      to: '2026-06',
      byCounsellor: true,
      earlier: [first.published],
      counsellorAliases: first.report.counsellorAliases,
    });
    expect(second.report.counsellorAliases).toEqual({
      'c-b': 'counsellor:1',
      'c-c': 'counsellor:2',
      'c-a': 'counsellor:3',
    });
    expect(auditPublishedReport(second.published, second.report.earlier).problems).toEqual([]);
  });
});
