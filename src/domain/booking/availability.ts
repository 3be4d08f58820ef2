/**
 * A counsellor's availability on JST dates: the rules' windows (within their validity), minus
 * days off, plus extra windows; then clipped to service hours on business days (holidays and
 * closures have none) and merged where they overlap or touch.
 */
import type { BusinessCalendar } from '../calendar/business-calendar';
import {
  DAY_MS,
  JST_OFFSET_MS,
  MINUTE_MS,
  formatDate,
  jstDayOf,
  jstInstant,
  type DayNumber,
} from '../calendar/jst';
import { wallTimeToMinutes } from '../settings/organisation-settings';
import { ruleStartsBetween } from './availability-rule';
import type { CompiledBookingData } from './booking-data';

/** A half-open span of time [startMs, endMs). */
export interface Interval {
  startMs: number;
  endMs: number;
}

/** A piece of a window on one JST day. */
export interface WindowPiece extends Interval {
  day: DayNumber;
  ruleId: string | null;
}

/** What availability needs to know of the calendar, with business days memoised per day. */
export interface ServiceDays {
  calendar: BusinessCalendar;
  openMinutes: number;
  closeMinutes: number;
  isBusinessDay(day: DayNumber): boolean;
}

export function serviceDaysOf(calendar: BusinessCalendar): ServiceDays {
  const memo = new Map<DayNumber, boolean>();
  return {
    calendar,
    openMinutes: wallTimeToMinutes(calendar.serviceHours.open),
    closeMinutes: wallTimeToMinutes(calendar.serviceHours.close),
    isBusinessDay(day) {
      let open = memo.get(day);
      if (open === undefined) {
        open = calendar.isBusinessDay(formatDate(day));
        memo.set(day, open);
      }
      return open;
    },
  };
}

/** Every counsellor named by a rule or an extra window, in first-seen order. */
export function counsellorsWithAvailability(data: CompiledBookingData): string[] {
  return [...new Set([...data.rulesOf.keys(), ...data.extraWindowsOf.keys()])];
}

/**
 * The pieces of a counsellor's windows on the JST days `fromDay` to `toDay`, before service hours
 * and business days are applied, in time order. A window running past midnight is cut there; a
 * day off removes the rules' pieces on that day, not the extra windows.
 */
export function windowPieces(
  data: CompiledBookingData,
  counsellorId: string,
  fromDay: DayNumber,
  toDay: DayNumber,
): WindowPiece[] {
  const pieces: WindowPiece[] = [];
  const daysOff = data.daysOffOf.get(counsellorId);
  for (const { record, parsed, validFrom, validUntil } of data.rulesOf.get(counsellorId) ?? []) {
    // A window starting the day before may run into fromDay (windows last at most one day).
    const first = Math.max(fromDay - 1, validFrom ?? -Infinity);
    const last = Math.min(toDay, validUntil ?? Infinity);
    const durationMs = record.durationMinutes * MINUTE_MS;
    for (const startMs of ruleStartsBetween(parsed, first, last)) {
      const endMs = startMs + durationMs;
      for (let day = jstDayOf(startMs); day <= jstDayOf(endMs - 1); day += 1) {
        if (day < fromDay || day > toDay || daysOff?.has(day)) continue;
        const midnight = day * DAY_MS - JST_OFFSET_MS;
        pieces.push({
          day,
          startMs: Math.max(startMs, midnight),
          endMs: Math.min(endMs, midnight + DAY_MS),
          ruleId: record.id,
        });
      }
    }
  }
  for (const extra of data.extraWindowsOf.get(counsellorId) ?? []) {
    if (extra.day < fromDay || extra.day > toDay) continue;
    pieces.push({
      day: extra.day,
      startMs: jstInstant(extra.day, extra.startMinutes),
      endMs: jstInstant(extra.day, extra.endMinutes),
      ruleId: null,
    });
  }
  return pieces.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}

/**
 * The spans in which a counsellor's sessions may lie on the days `fromDay` to `toDay`: the window
 * pieces clipped to service hours on business days, merged where they overlap or touch, in time
 * order.
 */
export function bookableWindows(
  service: ServiceDays,
  data: CompiledBookingData,
  counsellorId: string,
  fromDay: DayNumber,
  toDay: DayNumber,
): Interval[] {
  const merged: Interval[] = [];
  for (const piece of windowPieces(data, counsellorId, fromDay, toDay)) {
    if (!service.isBusinessDay(piece.day)) continue;
    const startMs = Math.max(piece.startMs, jstInstant(piece.day, service.openMinutes));
    const endMs = Math.min(piece.endMs, jstInstant(piece.day, service.closeMinutes));
    if (endMs <= startMs) continue;
    const previous = merged[merged.length - 1];
    if (previous !== undefined && startMs <= previous.endMs) {
      previous.endMs = Math.max(previous.endMs, endMs);
    } else {
      merged.push({ startMs, endMs });
    }
  }
  return merged;
}
