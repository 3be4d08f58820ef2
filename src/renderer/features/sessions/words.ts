/**
 * Booking refusals and session facts in the page's language, naming people as a counsellor would
 * (the participant's name, the counsellor's name), never by id, with 24-hour JST times.
 */
import type { TFunction } from 'i18next';
import type { BookingProblem } from '../../../domain/booking';
import { formatDay, formatInstant } from '../../app/format';

/** Names of the people a problem may mention; an unknown id reads as "the participant". */
export interface PeopleNames {
  participant(id: string): string | undefined;
  counsellor(id: string): string | undefined;
}

/** One sentence per refusal, in the page's language. */
export function describeProblem(
  problem: BookingProblem,
  t: TFunction,
  language: string,
  names: PeopleNames,
): string {
  const when = (ms: number) => formatInstant(ms, language);
  const participant = (id: string) => names.participant(id) ?? t('booking.problems.theParticipant');
  const counsellor = (id: string) => names.counsellor(id) ?? t('booking.problems.theCounsellor');
  switch (problem.kind) {
    case 'not-business-day': {
      const because = problem.because;
      const reason =
        because.kind === 'holiday'
          ? language === 'ja'
            ? because.nameJa
            : because.name
          : because.kind === 'closure'
            ? because.label
            : t('booking.problems.weekend');
      return t('booking.problems.not-business-day', {
        date: formatDay(problem.date, language),
        reason,
      });
    }
    case 'starts-before-service-hours':
      return t('booking.problems.starts-before-service-hours', { opensAt: problem.opensAt });
    case 'ends-after-service-hours':
      return t('booking.problems.ends-after-service-hours', {
        closesAt: problem.closesAt,
        latestStart: problem.latestStart,
      });
    case 'booking-cutoff-passed':
      return t('booking.problems.booking-cutoff-passed', {
        cutoff: when(problem.bookingCutoffMs),
      });
    case 'outside-availability':
      return t('booking.problems.outside-availability', {
        counsellor: counsellor(problem.counsellorId),
        date: formatDay(problem.date, language),
      });
    case 'counsellor-double-booked':
      return t('booking.problems.counsellor-double-booked', {
        counsellor: counsellor(problem.counsellorId),
        when: when(problem.sessionStartMs),
        buffer: problem.bufferMinutes,
      });
    case 'participant-double-booked':
      return t('booking.problems.participant-double-booked', {
        participant: participant(problem.participantId),
        when: when(problem.sessionStartMs),
      });
    case 'quota-exhausted':
      return t('booking.problems.quota-exhausted', {
        participant: participant(problem.participantId),
        used: problem.used,
        limit: problem.limit,
        renews: formatDay(problem.renewsOn, language),
      });
    case 'change-cutoff-passed':
      return t('booking.problems.change-cutoff-passed', { cutoff: when(problem.bookingCutoffMs) });
    case 'not-scheduled':
      return t('booking.problems.not-scheduled', {
        outcome: t(`sessions.outcomes.${problem.outcome}`),
      });
    case 'session-started':
      return t('booking.problems.session-started', { when: when(problem.startMs) });
    case 'session-not-started':
      return t('booking.problems.session-not-started', { when: when(problem.startMs) });
    case 'session-cancelled':
      return t('booking.problems.session-cancelled', {
        outcome: t(`sessions.outcomes.${problem.outcome}`),
      });
  }
}

/** "10:00" in JST. */
export function jstTime(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}
