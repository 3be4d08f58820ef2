/**
 * Why a booking, a change, a cancellation or an outcome was refused, in the UI's language and
 * without identifiers: the domain's structured problems (src/domain/booking/problems.ts) worded
 * here. `describeBookingProblem` stays the domain's English for the CLI and logs; it names
 * participants and counsellors by id, which a screen never shows.
 */
import type { TFunction } from 'i18next';
import type { BookingProblem } from '../../domain/booking';
import { formatDay, formatInstant } from './format';

export function bookingProblemText(
  problem: BookingProblem,
  t: TFunction,
  language: string,
): string {
  const when = (ms: number) => formatInstant(ms, language);
  const day = (date: string) => formatDay(date, language);
  switch (problem.kind) {
    case 'not-business-day': {
      const because = problem.because;
      const why =
        because.kind === 'holiday'
          ? t('bookingProblem.holiday', { name: language === 'ja' ? because.nameJa : because.name })
          : because.kind === 'closure'
            ? t('bookingProblem.closure', { label: because.label })
            : t('bookingProblem.weekend');
      return t('bookingProblem.notBusinessDay', { date: day(problem.date), why });
    }
    case 'starts-before-service-hours':
      return t('bookingProblem.startsBeforeHours', { opensAt: problem.opensAt });
    case 'ends-after-service-hours':
      return t('bookingProblem.endsAfterHours', {
        closesAt: problem.closesAt,
        latestStart: problem.latestStart,
      });
    case 'booking-cutoff-passed':
      return t('bookingProblem.bookingCutoffPassed', { at: when(problem.bookingCutoffMs) });
    case 'outside-availability':
      return t('bookingProblem.outsideAvailability', { date: day(problem.date) });
    case 'counsellor-double-booked':
      return t('bookingProblem.counsellorDoubleBooked', {
        at: when(problem.sessionStartMs),
        count: problem.bufferMinutes,
      });
    case 'participant-double-booked':
      return t('bookingProblem.participantDoubleBooked', { at: when(problem.sessionStartMs) });
    case 'quota-exhausted':
      return t('bookingProblem.quotaExhausted', {
        used: problem.used,
        count: problem.limit,
        from: day(problem.periodStart),
        to: day(problem.periodEnd),
        renews: day(problem.renewsOn),
      });
    case 'change-cutoff-passed':
      return t('bookingProblem.changeCutoffPassed', { at: when(problem.bookingCutoffMs) });
    case 'not-scheduled':
      return t('bookingProblem.notScheduled', {
        outcome: t(`sessions.outcomes.${problem.outcome}`),
      });
    case 'session-started':
      return t('bookingProblem.sessionStarted', { at: when(problem.startMs) });
    case 'session-not-started':
      return t('bookingProblem.sessionNotStarted', { at: when(problem.startMs) });
    case 'session-cancelled':
      return problem.outcome === 'cancelled'
        ? t('bookingProblem.sessionCancelled')
        : t('bookingProblem.sessionCancelledLate');
  }
}
