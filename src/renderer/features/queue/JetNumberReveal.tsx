import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskJetNumber } from '../../../domain/privacy/jet-number';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';

const REVEAL_SECONDS = 30;

/**
 * A JET number, masked (`•••••••42`). Revealing it takes a stated reason, is written to the audit
 * log first, shows the number for 30 seconds, then masks it again (DOMAIN.md 7).
 */
export function JetNumberReveal({
  participantId,
  jetNumber,
}: {
  participantId: string;
  jetNumber: string;
}) {
  const { t } = useTranslation();
  const { audit, profile } = useWorkstationDb();
  const clock = useClock();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  // When the number masks itself again (the page's timer clock, not the service clock).
  const [until, setUntil] = useState<number | null>(null);
  const [tickMs, setTickMs] = useState(0);

  useEffect(() => {
    if (until === null) return;
    const hide = window.setTimeout(() => setUntil(null), Math.max(0, until - Date.now()));
    const tick = window.setInterval(() => setTickMs(Date.now()), 1000);
    return () => {
      window.clearTimeout(hide);
      window.clearInterval(tick);
    };
  }, [until]);
  const left = until === null ? 0 : Math.max(1, Math.ceil((until - tickMs) / 1000));

  // The entry is written before the number is shown: no reveal without its record (a failed
  // write is shown, and the number stays masked).
  const record = useAction('participant.reveal-jet-number', (why: string) =>
    audit.append(
      {
        profile,
        action: 'reveal',
        object: `participant:${participantId}`,
        reason: { code: 'jet-number-revealed', text: why },
      },
      clock.now().getTime(),
    ),
  );
  const reveal = async () => {
    if (reason.trim().length < 5) {
      setError(t('reveal.reasonRequired'));
      return;
    }
    const entry = await record.run(reason.trim());
    if (entry === undefined) return;
    setAsking(false);
    setReason('');
    setError(null);
    const shownAt = Date.now();
    setTickMs(shownAt);
    setUntil(shownAt + REVEAL_SECONDS * 1000);
  };

  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" data-testid="jet-number">
          {left > 0 ? jetNumber : maskJetNumber(jetNumber)}
        </Text>
        {left > 0 ? (
          <Text size="xs" c="dimmed">
            {t('reveal.hides', { seconds: left })}
          </Text>
        ) : (
          <Button size="compact-xs" variant="default" onClick={() => setAsking(true)}>
            {t('reveal.button')}
          </Button>
        )}
      </Group>
      <Modal
        opened={asking}
        onClose={() => setAsking(false)}
        title={t('reveal.title')}
        closeButtonProps={{ 'aria-label': t('reveal.cancel') }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('reveal.explain')}</Text>
          <TextInput
            label={t('reveal.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)}>
              {t('reveal.cancel')}
            </Button>
            <Button onClick={() => void reveal()} loading={record.busy}>
              {t('reveal.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
