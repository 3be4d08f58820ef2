/**
 * Date and time fields that read the same in every language and on every computer: a JST date
 * written YYYY-MM-DD with the day spelled out under it, and a 24-hour time HH:MM (the browser's
 * own date and time inputs follow the computer's locale: mm/dd/yyyy and "09:30 PM").
 */
import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../app/format';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const isRealDate = (value: string) =>
  DATE_PATTERN.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

type FieldProps = Omit<TextInputProps, 'value' | 'onChange' | 'type'> & {
  value: string;
  onChange(value: string): void;
};

/**
 * A JST date `YYYY-MM-DD`; the day it names is shown under it in the UI's language, or what is
 * wrong (the caller's `error` first: it knows the field's own rules).
 */
export function DateField({ value, onChange, error, ...props }: FieldProps) {
  const { t, i18n } = useTranslation();
  const valid = isRealDate(value);
  return (
    <TextInput
      {...props}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.trim())}
      placeholder="YYYY-MM-DD"
      inputMode="numeric"
      maxLength={10}
      description={valid ? formatDay(value, i18n.language) : undefined}
      error={error ?? (value !== '' && !valid ? t('booking.fields.date') : undefined)}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
    />
  );
}

/** A 24-hour JST wall time `HH:MM`. */
export function TimeField({ value, onChange, ...props }: FieldProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      {...props}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.trim())}
      placeholder="HH:MM"
      inputMode="numeric"
      maxLength={5}
      error={value !== '' && !TIME_PATTERN.test(value) ? t('booking.fields.time') : undefined}
    />
  );
}

export const isDate = isRealDate;

/**
 * Text in the page's language, Japanese kept whole: no break inside a word ("ビデ/オ",
 * "2026年12/月"); a run too long for its box may still break rather than overflow.
 */
export const keepWords = { wordBreak: 'keep-all', overflowWrap: 'anywhere' } as const;
