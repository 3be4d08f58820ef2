/**
 * Which CO views enter the register of releases (issue 13, follow-up): only what a CO profile
 * sees. A counsellor or supervisor opening `#/co` previews the same figures and records nothing,
 * so that previews do not narrow every later CLAIR release; a CO's view is recorded once, and
 * again only when what it shows changes.
 */
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar, validateHolidayData } from '../../../src/domain/calendar';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';
import { loadCoView } from '../../../src/renderer/db/repositories/co-view';
import { importCheckedDataset } from '../../../src/renderer/db/repositories/import';
import { createReleasesRepository } from '../../../src/renderer/db/repositories/releases';
import shippedHolidays from '../../../resources/holidays/japan.json';
import { BASE_DATASET, checked, cipher, freshDatabase, noRisk } from './helpers';

const NOW = Date.parse('2026-12-02T12:00:00+09:00');
const holidays = validateHolidayData(shippedHolidays);
if (!holidays.ok) throw new Error('the shipped holidays are invalid');
const calendar = createBusinessCalendar({
  holidays: holidays.data,
  settings: DEFAULT_ORGANISATION_SETTINGS,
});

const session = (id: string, start: string) => ({
  id,
  participantId: 'p1',
  counsellorId: 'c1',
  start,
  outcome: 'completed',
});

describe('the CO view and the register of releases', () => {
  it('records nothing for a preview, once for a CO, and again only when the figures change', async () => {
    const db = freshDatabase();
    const sessions = Array.from({ length: 12 }, (_, i) =>
      session(`s${i + 1}`, `2026-11-${String(i + 2).padStart(2, '0')}T10:00:00+09:00`),
    );
    await importCheckedDataset(db, cipher, checked({ ...BASE_DATASET, sessions }), {
      nowMs: NOW,
      hasRiskSignal: noRisk,
    });
    const releases = createReleasesRepository(db);
    const open = (record: boolean, profile: string) =>
      loadCoView(db, cipher, { threshold: 10, calendar, nowMs: NOW, profile, record });

    // A counsellor's and a supervisor's previews: the figures, and nothing on the register.
    const preview = await open(false, 'Counsellor');
    await open(false, 'Supervisor');
    expect(preview.rows.length).toBeGreaterThan(0);
    expect(await releases.list()).toEqual([]);

    // The CO sees the same figures: recorded once, however often it opens the view.
    const seen = await open(true, 'CO view');
    expect(seen.rows).toEqual(preview.rows);
    await open(true, 'CO view');
    const register = await releases.list();
    expect(register.map((r) => [r.format, r.profile])).toEqual([['co-view', 'CO view']]);

    // New data changes what the CO sees: recorded again, only when the CO looks.
    const more = Array.from({ length: 12 }, (_, i) =>
      session(`t${i + 1}`, `2026-10-${String(i + 2).padStart(2, '0')}T10:00:00+09:00`),
    );
    await importCheckedDataset(
      db,
      cipher,
      checked({ ...BASE_DATASET, sessions: [...sessions, ...more] }),
      { nowMs: NOW, hasRiskSignal: noRisk },
    );
    await open(false, 'Counsellor');
    expect(await releases.list()).toHaveLength(1);
    await open(true, 'CO view');
    expect((await releases.list()).map((r) => r.format)).toEqual(['co-view', 'co-view']);
  }, 120_000);
});
