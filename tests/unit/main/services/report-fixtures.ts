/** Published reports for the tests of the report files and the `report.export` channel. */
import type { PublishedReport } from '../../../../src/bridge/schemas/reports';

type Row = PublishedReport['rows'][number];

/** Three months, four measures; suppressed cells, zeros, decimals and a span of months. */
export function sampleReport(): PublishedReport {
  const rows: Row[] = [];
  const months = ['2026-04', '2026-05', '2026-06'];
  const add = (period: string, measure: string, category: string, value: Row['value']) =>
    rows.push({ period, measure, category, value });
  const received = [42, '*', 57] as const;
  const english = [30, '*', 41] as const;
  const japanese = [12, '*', 16] as const;
  months.forEach((m, i) => {
    add(m, 'messages-received', 'all', received[i]!);
    add(m, 'messages-received', 'language:en', english[i]!);
    add(m, 'messages-received', 'language:ja', japanese[i]!);
    add(m, 'on-time-share', 'all', ([0.95, 0.875, '*'] as const)[i]!);
  });
  add('2026-04..2026-06', 'messages-received', 'all', 118);
  add('2026-04..2026-06', 'messages-received', 'language:en', 83);
  add('2026-04..2026-06', 'messages-received', 'language:ja', '*');
  add('2026-04..2026-06', 'sessions', 'outcome:completed', 64);
  add('2026-04..2026-06', 'sessions', 'outcome:late-cancelled', '*');
  add('2026-04..2026-06', 'sessions', 'outcome:no-show', '*');
  add('2026-04..2026-06', 'sessions', 'outcome:cancelled', 0);
  add('2026-04', 'topics', 'topic:work-stress', 11);
  add('2026-04', 'topics', 'counsellor:c-1', '*');
  return {
    format: 'counsellor-workstation.report',
    version: 1,
    from: '2026-04',
    to: '2026-06',
    threshold: 10,
    rows,
  };
}
