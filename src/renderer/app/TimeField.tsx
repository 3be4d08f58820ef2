/**
 * A JST wall time typed as `HH:MM`, 24-hour, in either language. The native `<input type="time">`
 * shows the browser's locale ("09:30 PM" on an English-US system, also in the Japanese UI), which
 * the service never writes; this field always reads and writes `18:30`.
 */
import { TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** `00:00` to `23:59`. */
export const WALL_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export function TimeField({ error, value, onBlur, ...props }: Omit<TextInputProps, 'type'>) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(false);
  const text = typeof value === 'string' ? value : '';
  // Said once the person leaves the field, not at every keystroke.
  const own =
    left && text !== '' && !WALL_TIME_PATTERN.test(text) ? t('timeField.invalid') : undefined;
  return (
    <TextInput
      {...props}
      value={value}
      type="text"
      inputMode="numeric"
      placeholder="18:30"
      maxLength={5}
      onBlur={(event) => {
        setLeft(true);
        onBlur?.(event);
      }}
      error={error ?? own}
    />
  );
}
