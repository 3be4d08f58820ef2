import { z } from 'zod';
import { HOLIDAY_KINDS } from '../../domain/calendar/holiday-data';

const holidayRecordSchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  name: z.string().min(1),
  nameJa: z.string().min(1),
  kind: z.enum(HOLIDAY_KINDS as ['national', 'substitute', 'citizens']),
});

export const holidayDataSchema = z.strictObject({
  source: z.string(),
  officialThrough: z.number().int(),
  howToUpdate: z.string().optional(),
  holidays: z.array(holidayRecordSchema),
});

export const holidayDataStateSchema = z.strictObject({
  data: holidayDataSchema,
  /** `bundled`: the list shipped with the app; `override`: `holidays.json` in the data folder. */
  source: z.enum(['bundled', 'override']),
  /** The file the list was read from. */
  file: z.string(),
  /** Set when an override file exists but cannot be used (the bundled list is in force). */
  problem: z.strictObject({ file: z.string(), message: z.string() }).nullable(),
});
export type HolidayDataState = z.infer<typeof holidayDataStateSchema>;
