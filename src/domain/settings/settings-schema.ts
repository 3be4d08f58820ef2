/**
 * The organisation's settings as data that crosses a boundary (the bridge, a settings file, a sync
 * mutation): one zod schema whose messages say what is wrong and where.
 */
import { z } from 'zod';
import {
  MIN_REPORT_SUPPRESSION_THRESHOLD,
  QUOTA_YEAR_KINDS,
  wallTimeToMinutes,
  type OrganisationSettings,
} from './organisation-settings';

const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const isWallTime = (value: string) => WALL_TIME.test(value);

const wallTime = z
  .string()
  .regex(WALL_TIME, { message: 'must be a time written HH:MM (00:00 to 23:59)' });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  .refine(
    (value) => {
      const [y, m, d] = value.split('-').map(Number) as [number, number, number];
      const probe = new Date(Date.UTC(y, m - 1, d));
      return (
        probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d
      );
    },
    { message: 'is not a real calendar date' },
  );

export const closureSchema = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    label: z
      .string()
      .trim()
      .min(1, { message: 'needs a label' })
      .max(100, { message: 'is longer than 100 characters' }),
  })
  .refine((c) => c.from <= c.to, { message: 'ends before it starts', path: ['to'] });

export const organisationSettingsSchema = z
  .strictObject({
    serviceHours: z.strictObject({ open: wallTime, close: wallTime }),
    closures: z.array(closureSchema).max(500, { message: 'more than 500 closures' }),
    answerDeadlineBusinessDays: z
      .number()
      .int({ message: 'must be a whole number of business days' })
      .min(1, { message: 'must be at least 1 business day' })
      .max(20, { message: 'must be at most 20 business days' }),
    dueSoonServiceMinutes: z
      .number()
      .int({ message: 'must be a whole number of minutes' })
      .min(0, { message: 'cannot be negative' })
      .max(10 * 24 * 60, { message: 'must be at most 10 days of minutes' }),
    sessionQuota: z.strictObject({
      sessionsPerYear: z
        .number()
        .int({ message: 'must be a whole number of sessions' })
        .min(1, { message: 'must be at least 1 session' })
        .max(100, { message: 'must be at most 100 sessions' }),
      quotaYear: z.enum(QUOTA_YEAR_KINDS as [string, ...string[]], {
        message: `must be one of ${QUOTA_YEAR_KINDS.join(', ')}`,
      }),
    }),
    sessionBufferMinutes: z
      .number()
      .int({ message: 'must be a whole number of minutes' })
      .min(0, { message: 'cannot be negative' })
      .max(240, { message: 'must be at most 240 minutes' }),
    reportSuppressionThreshold: z
      .number()
      .int({ message: 'must be a whole number' })
      .min(MIN_REPORT_SUPPRESSION_THRESHOLD, {
        message: `must be at least ${MIN_REPORT_SUPPRESSION_THRESHOLD}`,
      })
      .max(1000, { message: 'must be at most 1000' }),
    // Added with issue 7: a settings file written before it has none, and gets the default.
    lockAfterIdleMinutes: z
      .number()
      .int({ message: 'must be a whole number of minutes' })
      .min(1, { message: 'must be at least 1 minute' })
      .max(240, { message: 'must be at most 240 minutes' })
      .default(10),
  })
  .refine(
    (s) =>
      !isWallTime(s.serviceHours.open) ||
      !isWallTime(s.serviceHours.close) ||
      wallTimeToMinutes(s.serviceHours.open) + 40 <= wallTimeToMinutes(s.serviceHours.close),
    {
      message: 'service hours must close at least 40 minutes (one session) after they open',
      path: ['serviceHours', 'close'],
    },
  ) as unknown as z.ZodType<OrganisationSettings>;
