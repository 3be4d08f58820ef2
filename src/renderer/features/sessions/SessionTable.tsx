/**
 * The session log's table. Sessions that have started and wait for an outcome are marked in
 * words and colour; their row offers Completed and No-show, each asked before it is recorded.
 */
import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { IconNotes } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { SESSION_MINUTES } from '../../../domain/calendar';
import type { SessionOutcome } from '../../db/records';
import type { SessionLogRow } from '../../db/repositories/session-log';
import { formatInstant } from '../../app/format';
import { OutcomeBadge } from './OutcomeBadge';
import { waitsForOutcome } from './use-session-log';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

export type SessionAction = 'change' | 'cancel' | 'completed' | 'no-show' | 'correct' | 'notes';

export function SessionTable({
  rows,
  nowMs,
  mayCorrect,
  onAction,
}: {
  rows: SessionLogRow[];
  nowMs: number;
  /** A proven supervisor may correct a recorded outcome. */
  mayCorrect: boolean;
  onAction(action: SessionAction, row: SessionLogRow): void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1040}>
      <Table striped withTableBorder data-testid="sessions-table" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('sessions.when')}</Table.Th>
            <Table.Th>{t('sessions.counsellor')}</Table.Th>
            <Table.Th>{t('sessions.participant')}</Table.Th>
            <Table.Th>{t('sessions.outcome')}</Table.Th>
            <Table.Th>{t('sessions.duration')}</Table.Th>
            <Table.Th>{t('sessions.channel')}</Table.Th>
            <Table.Th>{t('sessions.quota')}</Table.Th>
            <Table.Th>{t('sessions.notes')}</Table.Th>
            <Table.Th>{t('sessions.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <SessionRow
              key={r.session.id}
              row={r}
              nowMs={nowMs}
              mayCorrect={mayCorrect}
              onAction={onAction}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SessionRow({
  row: r,
  nowMs,
  mayCorrect,
  onAction,
}: {
  row: SessionLogRow;
  nowMs: number;
  mayCorrect: boolean;
  onAction(action: SessionAction, row: SessionLogRow): void;
}) {
  const { t, i18n } = useTranslation();
  const s = r.session;
  const started = s.startMs <= nowMs;
  const waiting = waitsForOutcome(r, nowMs);
  const act = (action: SessionAction) => () => onAction(action, r);
  return (
    <Table.Tr
      data-session-id={s.id}
      data-waiting={waiting || undefined}
      bg={waiting ? 'var(--mantine-color-yellow-light)' : undefined}
    >
      <Table.Td style={NOWRAP}>{formatInstant(s.startMs, i18n.language)}</Table.Td>
      <Table.Td>{r.counsellorName}</Table.Td>
      <Table.Td>
        {r.participantName}
        {r.jetNumberMasked && ' '}
        {r.jetNumberMasked && (
          <Text span size="xs" c="dimmed" data-testid="jet-number">
            {r.jetNumberMasked}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={NOWRAP}>
        <Group gap={4} wrap="nowrap">
          <OutcomeBadge outcome={s.outcome as SessionOutcome} truncate={false} />
          {waiting && (
            <Badge
              color="yellow.4"
              variant="filled"
              autoContrast
              size="sm"
              data-testid="waiting-outcome"
            >
              {t('sessions.waitingOutcome')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td style={NOWRAP}>{duration(r, t)}</Table.Td>
      <Table.Td>{t(`sessions.channels.${r.channel}`)}</Table.Td>
      <Table.Td style={NOWRAP}>
        {r.quota === null ? (
          <Text span size="sm" c="dimmed">
            {t('sessions.notCounted')}
          </Text>
        ) : (
          <Text span size="sm" c={r.quota.overQuota ? 'red.9' : undefined}>
            {t(r.quota.overQuota ? 'sessions.quotaOver' : 'sessions.quotaPosition', {
              position: r.quota.position,
              limit: r.quota.limit,
            })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconNotes size={14} aria-hidden />}
          onClick={act('notes')}
        >
          {r.noteCount > 0 ? t('sessions.notesCount', { count: r.noteCount }) : t('sessions.notes')}
        </Button>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {s.outcome === 'scheduled' && !started && (
            <>
              <Button size="xs" variant="default" onClick={act('change')}>
                {t('sessions.change')}
              </Button>
              <Button size="xs" variant="default" onClick={act('cancel')}>
                {t('sessions.cancel')}
              </Button>
            </>
          )}
          {s.outcome === 'scheduled' && started && (
            <>
              <Button size="xs" variant="default" onClick={act('completed')}>
                {t('sessions.completed')}
              </Button>
              <Button size="xs" variant="default" onClick={act('no-show')}>
                {t('sessions.noShow')}
              </Button>
            </>
          )}
          {s.outcome !== 'scheduled' && mayCorrect && (
            <Button size="xs" variant="subtle" onClick={act('correct')}>
              {t('sessions.correct.button')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function duration(r: SessionLogRow, t: TFunction): string {
  const s = r.session;
  if (s.outcome === 'completed')
    return s.durationMinutes != null
      ? t('sessions.minutes', { count: s.durationMinutes })
      : t('sessions.booked', { count: SESSION_MINUTES });
  if (s.outcome === 'scheduled') return t('sessions.minutes', { count: SESSION_MINUTES });
  return '—';
}
