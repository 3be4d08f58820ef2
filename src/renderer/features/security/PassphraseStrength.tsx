/** A meter under a new passphrase: zxcvbn's score in words and colour, as it is typed. */
import { Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadStrengthChecker, type StrengthEstimate } from './passphrase-strength';

const COLOURS = ['red', 'orange', 'yellow', 'teal', 'green'] as const;

export function PassphraseStrength({ passphrase }: { passphrase: string }) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<((p: string) => StrengthEstimate) | null>(null);
  useEffect(() => {
    let cancelled = false;
    void loadStrengthChecker().then((fn) => !cancelled && setCheck(() => fn));
    return () => {
      cancelled = true;
    };
  }, []);
  if (passphrase === '') return null;
  if (check === null)
    return (
      <Text size="xs" c="dimmed">
        {t('vault.strengthChecking')}
      </Text>
    );
  const { score } = check(passphrase);
  const label = t(`vault.strength${score}`);
  return (
    <Stack gap={4}>
      <Progress
        value={((score + 1) / 5) * 100}
        color={COLOURS[score]}
        size="sm"
        aria-label={t('vault.strengthLabel')}
      />
      <Text size="xs" aria-live="polite" data-testid="passphrase-strength">
        {t('vault.strength', { label })}
      </Text>
    </Stack>
  );
}
