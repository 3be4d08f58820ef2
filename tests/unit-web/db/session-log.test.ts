import { describe, expect, it } from 'vitest';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import { sealedFromWire } from '../../../src/renderer/db/crypto/sealed-wire';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import {
  createSessionLogRepository,
  SESSION_LOG_CSV_COLUMNS,
  SessionNoteError,
  sessionLogCsv,
} from '../../../src/renderer/db/repositories/session-log';
import type { Sealed } from '../../../src/sync/sealed';
import {
  BASE_DATASET,
  checked,
  forgetImportForTeam,
  freshDatabase,
  noRisk,
  cipher,
} from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');

const DATASET = {
  ...BASE_DATASET,
  counsellors: [{ id: 'c1', name: '=HYPERLINK("http://x")', languages: ['en', 'ja'] }],
  sessions: [
    {
      id: 's1',
      participantId: 'p1',
      counsellorId: 'c1',
      start: '2026-11-02T10:00:00+09:00',
      outcome: 'completed',
      durationMinutes: 38,
      channel: 'phone',
    },
    {
      id: 's2',
      participantId: 'p1',
      counsellorId: 'c1',
      start: '2026-11-09T10:00:00+09:00',
      outcome: 'cancelled',
      cancelledAt: '2026-11-01T10:00:00+09:00',
    },
    {
      id: 's3',
      participantId: 'p1',
      counsellorId: 'c1',
      start: '2026-11-16T10:00:00+09:00',
      outcome: 'no-show',
    },
    {
      id: 's4',
      participantId: 'p2',
      counsellorId: 'c1',
      start: '2026-12-07T10:00:00+09:00',
      outcome: 'scheduled',
    },
  ],
};

async function seeded() {
  const db = freshDatabase();
  await importCheckedDataset(db, cipher, checked(DATASET), { nowMs: NOW, hasRiskSignal: noRisk });
  await forgetImportForTeam(db);
  return { db, log: createSessionLogRepository(db, cipher, () => DEFAULT_ORGANISATION_SETTINGS) };
}

describe('session log', () => {
  it('gives every session, latest first, with quota position, channel and the JET number masked', async () => {
    const { log } = await seeded();
    const rows = await log.rows();
    expect(rows.map((r) => r.session.id)).toEqual(['s4', 's3', 's2', 's1']);
    const byId = new Map(rows.map((r) => [r.session.id, r]));
    expect(byId.get('s1')).toMatchObject({
      participantName: 'Alex Morgan',
      jetNumberMasked: '•••••••89',
      channel: 'phone',
      quota: { position: 1, limit: 7, overQuota: false },
    });
    expect(byId.get('s1')!.session.durationMinutes).toBe(38);
    expect(byId.get('s2')!.quota).toBeNull(); // cancelled in time: not counted
    expect(byId.get('s3')!.quota?.position).toBe(2);
    expect(byId.get('s4')).toMatchObject({ jetNumberMasked: null, channel: 'video' });
    // The full JET number is nowhere in what the log hands to the page.
    expect(JSON.stringify(rows.map(({ session: _s, ...shown }) => shown))).not.toContain(
      '20123456789',
    );
  });

  it('adds notes with their mutation, refuses empty and too long ones, and counts them', async () => {
    const { db, log } = await seeded();
    const note = await log.addNote('s1', '  Talked about sleep.  ', 'Counsellor', NOW);
    expect((await log.notes('s1')).map((n) => n.body)).toEqual(['Talked about sleep.']);
    // The mutation carries the note's envelope as stored, never its text.
    const outbox = await db.outbox.toArray();
    expect(outbox).toEqual([
      {
        seq: expect.any(Number),
        name: 'sessionNote.add',
        v: 1,
        args: { noteId: note.id, sessionId: 's1', body: expect.any(Object) },
        at: NOW,
      },
    ]);
    const body = sealedFromWire((outbox[0]!.args as { body: Sealed }).body);
    expect(body).toEqual((await db.sessionNotes.get(note.id))!.body);
    expect(JSON.stringify(outbox)).not.toContain('sleep');
    await expect(log.addNote('s1', '   ', 'Counsellor', NOW)).rejects.toMatchObject({
      code: 'empty',
    });
    await expect(log.addNote('s1', 'x'.repeat(5001), 'Counsellor', NOW)).rejects.toBeInstanceOf(
      SessionNoteError,
    );
    await expect(log.addNote('nope', 'text', 'Counsellor', NOW)).rejects.toMatchObject({
      code: 'no-session',
    });
    expect((await log.rows()).find((r) => r.session.id === 's1')?.noteCount).toBe(1);
    expect(await db.sessionNotes.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('exports CSV with the JET number masked, no names, e-mails or notes, and formulas escaped', async () => {
    const { log } = await seeded();
    await log.addNote('s1', 'Private note text', 'Counsellor', NOW);
    const csv = sessionLogCsv(await log.rows());
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(SESSION_LOG_CSV_COLUMNS.join(','));
    expect(lines).toContain(
      `2026-11-02,10:00,"'=HYPERLINK(""http://x"")",•••••••89,completed,38,phone,1,7`,
    );
    expect(lines).toContain(
      `2026-11-09,10:00,"'=HYPERLINK(""http://x"")",•••••••89,cancelled,,video,,`,
    );
    expect(lines).toContain(`2026-12-07,10:00,"'=HYPERLINK(""http://x"")",,scheduled,,video,1,7`);
    for (const secret of ['20123456789', 'Alex Morgan', 'alex@example.com', '佐藤', 'Private note'])
      expect(csv).not.toContain(secret);
  });
});
