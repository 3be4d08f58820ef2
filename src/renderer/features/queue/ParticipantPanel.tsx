import { Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ParticipantRecord } from '../../db/records';
import { QuotaLine } from '../sessions/QuotaLine';
import { JetNumberReveal } from './JetNumberReveal';

/** Who wrote: name, JET number (masked), e-mail and the video-session quota. */
export function ParticipantPanel({ participant }: { participant: ParticipantRecord | undefined }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs">
      <Group gap="lg" wrap="wrap">
        <Text size="sm">
          <Text span fw={600}>
            {t('thread.participant')}:
          </Text>{' '}
          {participant?.name ?? '—'}
        </Text>
        <Group gap={4} wrap="nowrap" fz="sm">
          <Text size="sm" fw={600}>
            {t('thread.jetNumber')}:
          </Text>
          {participant?.jetNumber ? (
            <JetNumberReveal participantId={participant.id} jetNumber={participant.jetNumber} />
          ) : (
            <Text size="sm" data-testid="jet-number">
              {t('thread.jetNumberNone')}
            </Text>
          )}
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            {t('thread.email')}:
          </Text>{' '}
          {participant?.email ?? '—'}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" fw={600}>
            {t('thread.sessions')}:
          </Text>
          {participant ? <QuotaLine participantId={participant.id} /> : <Text size="sm">—</Text>}
        </Group>
      </Group>
    </Paper>
  );
}
