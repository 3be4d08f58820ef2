/**
 * The organisation settings form's errors: the bridge's zod rules checked in the page, each issue
 * keyed like Mantine's paths and worded in the UI's language for the number rules.
 */
import type { FormErrors } from '@mantine/form';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import { organisationSettingsSchema } from '../../../bridge/schemas/settings';

/** Form errors keyed like Mantine's paths (`serviceHours.open`, `closures.0.to`). */
export function errorsFromIssues(
  issues: { path: readonly PropertyKey[]; message: string }[],
): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * The field's error in the UI's language for the number rules (the same zod rules as the bridge);
 * other rules keep the schema's own sentence. The due-soon field is typed in hours.
 */
function translatedIssue(issue: z.core.$ZodIssue, t: TFunction): string {
  const hours = issue.path.join('.') === 'dueSoonServiceMinutes';
  const unit = (n: number | bigint) => (hours ? Number(n) / 60 : Number(n));
  switch (issue.code) {
    case 'too_small':
      return t(hours ? 'supervision.fieldErrors.minHours' : 'supervision.fieldErrors.min', {
        min: unit(issue.minimum),
      });
    case 'too_big':
      return t(hours ? 'supervision.fieldErrors.maxHours' : 'supervision.fieldErrors.max', {
        max: unit(issue.maximum),
      });
    case 'invalid_type':
      return issue.expected === 'int'
        ? t('supervision.fieldErrors.whole')
        : issue.expected === 'number'
          ? t('supervision.fieldErrors.number')
          : issue.message;
    default:
      return issue.message;
  }
}

/** The whole form checked by the bridge's schema. */
export function validate(values: OrganisationSettings, t: TFunction): FormErrors {
  const parsed = organisationSettingsSchema.safeParse(values);
  return parsed.success
    ? {}
    : errorsFromIssues(
        parsed.error.issues.map((issue) => ({
          path: issue.path,
          message: translatedIssue(issue, t),
        })),
      );
}
