/**
 * Completed and No-show, asked first: Completed asks how long the session ran and how it was held
 * (video, or phone when the link failed); No-show says that it counts as a session.
 */
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_SESSION_DURATION_MINUTES,
  sessionDetailsProblem,
  type SessionChannel,
} from '../../../domain/booking';
import { SESSION_MINUTES } from '../../../domain/calendar';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { SessionLogRow } from '../../db/repositories/session-log';
import { describeProblem } from './words';
import { keepWords } from './fields';

export interface OutcomeRequest {
  row: SessionLogRow;
  outcome: 'completed' | 'no-show';
}

export function OutcomeDialog({
  request,
  onClose,
}: {
  request: OutcomeRequest | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={request !== null}
      onClose={onClose}
      title={
        request?.outcome === 'no-show'
          ? t('sessions.outcomeDialog.noShowTitle')
          : t('sessions.outcomeDialog.completedTitle')
      }
      closeButtonProps={{ 'aria-label': t('app.close') }}
    >
      {request !== null && <OutcomeForm request={request} onClose={onClose} />}
    </Modal>
  );
}

/** Minutes held and channel of a completed session (shared with the correction dialog). */
export function SessionDetailsFields({
  duration,
  channel,
  onDuration,
  onChannel,
}: {
  duration: number | string;
  channel: SessionChannel;
  onDuration(value: number | string): void;
  onChannel(value: SessionChannel): void;
}) {
  const { t } = useTranslation();
  const problem = sessionDetailsProblem({ durationMinutes: Number(duration), channel });
  return (
    <Group align="flex-start" gap="md">
      <NumberInput
        label={t('sessions.outcomeDialog.duration')}
        value={duration}
        onChange={onDuration}
        min={1}
        max={MAX_SESSION_DURATION_MINUTES}
        allowDecimal={false}
        w={160}
        error={
          problem === 'duration-not-whole' || problem === 'duration-out-of-range'
            ? t('sessions.outcomeDialog.durationProblem', { max: MAX_SESSION_DURATION_MINUTES })
            : undefined
        }
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="channel-label">
          {t('sessions.outcomeDialog.channel')}
        </Text>
        <SegmentedControl
          aria-labelledby="channel-label"
          value={channel}
          onChange={(v) => onChannel(v as SessionChannel)}
          data={[
            { value: 'video', label: t('sessions.channels.video') },
            { value: 'phone', label: t('sessions.channels.phone') },
          ]}
        />
      </Stack>
    </Group>
  );
}

function OutcomeForm({ request, onClose }: { request: OutcomeRequest; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const clock = useClock();
  const { row, outcome } = request;
  const [duration, setDuration] = useState<number | string>(SESSION_MINUTES);
  const [channel, setChannel] = useState<SessionChannel>(row.channel);
  const [refusal, setRefusal] = useState<string | null>(null);
  const sessionId = row.session.id;
  const record = useAction(
    `session.${outcome}`,
    useCallback(
      () =>
        booking.recordOutcome({
          sessionId,
          outcome,
          nowMs: clock.now().getTime(),
          ...(outcome === 'completed'
            ? { details: { durationMinutes: Number(duration), channel } }
            : {}),
        }),
      [booking, sessionId, outcome, clock, duration, channel],
    ),
  );
  const confirm = async () => {
    const decision = await record.run();
    if (decision === undefined) return;
    if (!decision.ok) {
      const names = {
        participant: () => row.participantName,
        counsellor: () => row.counsellorName,
      };
      setRefusal(
        decision.problems.map((p) => describeProblem(p, t, i18n.language, names)).join(' '),
      );
      return;
    }
    notifications.show({
      color: 'teal',
      message: t(
        outcome === 'completed'
          ? 'sessions.outcomeDialog.recordedCompleted'
          : 'sessions.outcomeDialog.recordedNoShow',
      ),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
    onClose();
  };
  const detailsProblem =
    outcome === 'completed' &&
    sessionDetailsProblem({ durationMinutes: Number(duration), channel }) !== null;
  const who = {
    participant: row.participantName,
    when: formatInstant(row.session.startMs, i18n.language),
  };
  return (
    <Stack gap="sm" data-testid="outcome-dialog" lang={i18n.language} style={keepWords}>
      <Text size="sm">
        {outcome === 'completed'
          ? t('sessions.outcomeDialog.completedBody', who)
          : t('sessions.outcomeDialog.noShowBody', who)}
      </Text>
      {outcome === 'completed' && (
        <SessionDetailsFields
          duration={duration}
          channel={channel}
          onDuration={setDuration}
          onChannel={setChannel}
        />
      )}
      {refusal !== null && (
        <Alert color="red" role="alert">
          {refusal}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('sessions.outcomeDialog.back')}
        </Button>
        <Button onClick={() => void confirm()} loading={record.busy} disabled={detailsProblem}>
          {outcome === 'completed'
            ? t('sessions.outcomeDialog.recordCompleted')
            : t('sessions.outcomeDialog.recordNoShow')}
        </Button>
      </Group>
    </Stack>
  );
}
