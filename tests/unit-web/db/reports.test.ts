import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, validateHolidayData } from '../../../src/domain/calendar';
import { reportInputFromDataset, SUPPRESSED_MARKER } from '../../../src/domain/reports';
import type { DatasetDocument } from '../../../src/domain/dataset/schema';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import { createClaimsRepository } from '../../../src/renderer/db/repositories/claims';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { createQueueRepository } from '../../../src/renderer/db/repositories/queue';
import {
  PROVIDER_NOT_READ,
  computeReport,
  loadReportInput,
} from '../../../src/renderer/db/repositories/reports';
import { MessageSearchIndex } from '../../../src/renderer/db/repositories/search-index';
import shippedHolidays from '../../../resources/holidays/japan.json';
import { BASE_DATASET, checked, cipher, freshDatabase, noRisk } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const PROVIDER = 'Dr Akiko Tanaka, Shibuya Mind Clinic';

const DATASET = {
  ...BASE_DATASET,
  sessions: [
    {
      id: 's1',
      participantId: 'p1',
      counsellorId: 'c1',
      start: '2026-11-02T10:00:00+09:00',
      outcome: 'completed',
    },
    {
      id: 's2',
      participantId: 'p2',
      counsellorId: 'c1',
      start: '2026-12-07T10:00:00+09:00',
      outcome: 'scheduled',
    },
  ],
};

/** Every sensitive string of the dataset and the claim: none may be in a report's input. */
const SENSITIVE = [
  PROVIDER,
  ...BASE_DATASET.participants.flatMap((p) => [
    p.name,
    p.email,
    ...(p.jetNumber ? [p.jetNumber] : []),
  ]),
  ...BASE_DATASET.messages.flatMap((m) => [m.subject, m.body]),
];

const holidays = validateHolidayData(shippedHolidays);
if (!holidays.ok) throw new Error('the shipped holiday list is invalid');
const calendar = createBusinessCalendar({
  holidays: holidays.data,
  settings: DEFAULT_ORGANISATION_SETTINGS,
});

async function seeded() {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(DATASET), { nowMs: NOW, hasRiskSignal: noRisk });
  const claims = createClaimsRepository(db, cipher);
  return { db, claims };
}

describe('report input from the stored records', () => {
  it('copies metadata only: no sealed field, no name, e-mail, JET number, subject, text or provider', async () => {
    const { db, claims } = await seeded();
    await claims.add(
      { participantId: 'p1', counsellingDate: '2026-11-20', provider: PROVIDER, costYen: 12_345 },
      NOW,
    );
    const input = await loadReportInput(db, cipher);
    expect(input.participants).toEqual([
      { id: 'p1', language: 'en', deletedAt: null },
      { id: 'p2', language: 'ja', deletedAt: null },
    ]);
    expect(input.counsellors).toEqual([{ id: 'c1', deletedAt: null }]);
    for (const m of input.messages) {
      expect(m).not.toHaveProperty('subject');
      expect(m).not.toHaveProperty('body');
    }
    expect(input.messages.map((m) => [m.id, m.kind])).toEqual(
      expect.arrayContaining([
        ['m1', 'participant-message'],
        ['m2', 'reply'],
        ['m3', 'participant-message'],
        ['m4', 'participant-message'],
      ]),
    );
    const reply = input.messages.find((m) => m.id === 'm2')!;
    expect(reply).toMatchObject({
      authorId: 'c1',
      sentAtMs: Date.parse('2026-12-01T11:00:00+09:00'),
      receivedAtMs: null,
      // Imported: it answers every message received before it.
      answersOnlySeenBefore: false,
    });
    expect(input.claims).toEqual([
      expect.objectContaining({
        participantId: 'p1',
        counsellingDate: '2026-11-20',
        costYen: 12_345,
        provider: PROVIDER_NOT_READ,
      }),
    ]);
    const text = JSON.stringify(input);
    expect(SENSITIVE.filter((s) => text.includes(s))).toEqual([]);
    expect(text).not.toContain('"ct"');
  });

  it('marks a reply written here as answering only what was stored before it; drafts are not read', async () => {
    const { db } = await seeded();
    const queue = createQueueRepository(db, cipher, new MessageSearchIndex(db, cipher));
    await queue.saveDraft('t2', 'Draft, not sent.', NOW);
    const reply = await queue.sendReply({
      threadId: 't2',
      body: 'Thank you for writing.',
      authorId: 'c1',
      nowMs: NOW + 60_000,
    });
    const input = await loadReportInput(db, cipher);
    expect(input.messages.find((m) => m.id === reply.id)).toMatchObject({
      kind: 'reply',
      sentAtMs: NOW + 60_000,
      answersOnlySeenBefore: true,
    });
    const m4 = input.messages.find((m) => m.id === 'm4')!;
    expect(m4.seenAtMs).toBe(NOW);
    expect(JSON.stringify(input)).not.toContain('Thank you for writing.');
  });

  it('leaves soft-deleted claims out', async () => {
    const { db, claims } = await seeded();
    const kept = await claims.add(
      { participantId: 'p1', counsellingDate: '2026-11-20', provider: PROVIDER, costYen: 8_000 },
      NOW,
    );
    const gone = await claims.add(
      { participantId: 'p2', counsellingDate: '2026-11-21', provider: PROVIDER, costYen: 9_000 },
      NOW,
    );
    await claims.softDelete(gone.id, NOW + 1);
    const input = await loadReportInput(db, cipher);
    expect(input.claims?.map((c) => c.id)).toEqual([kept.id]);
  });

  it('gives the same published report as the dataset it was imported from', async () => {
    const { db } = await seeded();
    const fromDb = computeReport(await loadReportInput(db, cipher), {
      from: '2026-10',
      to: '2026-12',
      threshold: 5,
      calendar,
      nowMs: NOW,
    });
    const fromFile = computeReport(
      { ...reportInputFromDataset(DATASET as unknown as DatasetDocument), claims: [] },
      { from: '2026-10', to: '2026-12', threshold: 5, calendar, nowMs: NOW },
    );
    expect(fromDb.published).toEqual(fromFile.published);
    expect(fromDb.published.rows.length).toBe(fromDb.report.cells.length);
  });

  it('computes the report and its published form: small counts suppressed, claims as totals only', async () => {
    const { db, claims } = await seeded();
    await claims.add(
      { participantId: 'p1', counsellingDate: '2026-11-20', provider: PROVIDER, costYen: 12_345 },
      NOW,
    );
    const { report, published } = computeReport(await loadReportInput(db, cipher), {
      from: '2026-11',
      to: '2026-12',
      threshold: 5,
      calendar,
      nowMs: NOW,
    });
    const cell = (period: string, measure: string) =>
      report.cells.find(
        (c) => c.period === period && c.measure === measure && c.category === 'all',
      )!;
    // One message in November (m1), two in December (m3, m4): all below T = 5.
    expect(cell('2026-11', 'messages-received')).toMatchObject({
      raw: 1,
      value: SUPPRESSED_MARKER,
    });
    expect(cell('2026-12', 'messages-received')).toMatchObject({
      raw: 2,
      value: SUPPRESSED_MARKER,
    });
    // The scheduled session is not counted; the completed one is, and is suppressed.
    expect(cell('2026-12', 'sessions')).toMatchObject({ raw: 0, value: 0 });
    expect(cell('2026-11', 'sessions')).toMatchObject({ raw: 1, value: SUPPRESSED_MARKER });
    // The claim: one claim and 6,172 yen (half of 12,345, rounded down), suppressed as one person.
    expect(cell('2026-11', 'cap-claims')).toMatchObject({ raw: 1, value: SUPPRESSED_MARKER });
    expect(cell('2026-11', 'cap-subsidy-yen')).toMatchObject({ raw: 6_172 });
    expect(published).toMatchObject({ from: '2026-11', to: '2026-12', threshold: 5 });
    expect(published.rows[0]).toEqual({
      period: report.cells[0]!.period,
      measure: report.cells[0]!.measure,
      category: report.cells[0]!.category,
      value: report.cells[0]!.value,
    });
    for (const row of published.rows) {
      expect(Object.keys(row)).toEqual(['period', 'measure', 'category', 'value']);
      expect(row.period).toMatch(/^\d{4}-\d{2}(\.\.\d{4}-\d{2})?$/);
    }
    const text = JSON.stringify(published);
    expect(SENSITIVE.filter((s) => text.includes(s))).toEqual([]);
    expect(text).not.toContain('p1');
  });
});
