import { readFileSync } from 'node:fs';
import {
  createBusinessCalendar,
  formatJstInstant,
  parseInstant,
  validateHolidayData,
  type BusinessCalendar,
  type HolidayData,
} from '../../../../src/domain/calendar';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
} from '../../../../src/domain/settings/organisation-settings';

export const HOLIDAYS_FILE = new URL('../../../../resources/holidays/japan.json', import.meta.url);

/** The shipped holiday list, validated. */
export function shippedHolidays(): HolidayData {
  const validation = validateHolidayData(JSON.parse(readFileSync(HOLIDAYS_FILE, 'utf8')));
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  return validation.data;
}

export function calendarWith(settings: Partial<OrganisationSettings> = {}): BusinessCalendar {
  return createBusinessCalendar({
    holidays: shippedHolidays(),
    settings: { ...DEFAULT_ORGANISATION_SETTINGS, ...settings },
  });
}

/** Epoch ms of an ISO 8601 instant with an offset (throws otherwise). */
export function at(text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.instantMs;
}

export const jst = formatJstInstant;
