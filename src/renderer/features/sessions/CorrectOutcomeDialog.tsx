/**
 * A supervisor's correction of a recorded outcome, with a reason kept (sealed) in the audit log.
 * The audit entry is written before the correction is stored: no correction without it.
 */
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  OUTCOME_CORRECTION_REASON_MAX,
  RECORDED_OUTCOMES,
  sessionDetailsProblem,
  type RecordedOutcome,
  type SessionChannel,
} from '../../../domain/booking';
import { SESSION_MINUTES } from '../../../domain/calendar';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { SessionLogRow } from '../../db/repositories/session-log';
import { SessionDetailsFields } from './OutcomeDialog';
import { keepWords } from './fields';

export function CorrectOutcomeDialog({
  row,
  onClose,
}: {
  row: SessionLogRow | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={row !== null}
      onClose={onClose}
      title={t('sessions.correct.title')}
      closeButtonProps={{ 'aria-label': t('app.close') }}
    >
      {row !== null && <CorrectForm row={row} onClose={onClose} />}
    </Modal>
  );
}

function CorrectForm({ row, onClose }: { row: SessionLogRow; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { booking, audit, profile } = useWorkstationDb();
  const clock = useClock();
  const current = row.session.outcome;
  const [outcome, setOutcome] = useState<RecordedOutcome | null>(null);
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState<number | string>(
    row.session.durationMinutes ?? SESSION_MINUTES,
  );
  const [channel, setChannel] = useState<SessionChannel>(row.channel);
  const [refusal, setRefusal] = useState<string | null>(null);
  const sessionId = row.session.id;
  const save = useAction(
    'session.correct-outcome',
    useCallback(async () => {
      if (outcome === null) return null;
      const nowMs = clock.now().getTime();
      return booking.correctOutcome(
        {
          sessionId,
          outcome,
          reason,
          nowMs,
          ...(outcome === 'completed'
            ? { details: { durationMinutes: Number(duration), channel } }
            : {}),
        },
        (from) =>
          audit.append(
            {
              profile,
              action: 'outcome-correction',
              object: `session:${sessionId}`,
              reason: { code: 'outcome-corrected', from, to: outcome, text: reason.trim() },
            },
            nowMs,
          ),
      );
    }, [booking, audit, profile, clock, sessionId, outcome, reason, duration, channel]),
  );
  const confirm = async () => {
    const result = await save.run();
    if (result === undefined || result === null) return;
    if (!result.ok) {
      setRefusal(t(`sessions.correctProblems.${result.problem}`));
      return;
    }
    notifications.show({
      color: 'teal',
      message: t('sessions.correct.done'),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
    onClose();
  };
  const detailsBad =
    outcome === 'completed' &&
    sessionDetailsProblem({ durationMinutes: Number(duration), channel }) !== null;
  return (
    <Stack gap="sm" data-testid="correct-outcome" lang={i18n.language} style={keepWords}>
      <Text size="sm">
        {t('sessions.correct.what', {
          participant: row.participantName,
          when: formatInstant(row.session.startMs, i18n.language),
          outcome: t(`sessions.outcomes.${current}`),
        })}
      </Text>
      <Select
        label={t('sessions.correct.outcome')}
        data={RECORDED_OUTCOMES.filter((o) => o !== current).map((o) => ({
          value: o,
          label: t(`sessions.outcomes.${o}`),
        }))}
        value={outcome}
        onChange={(v) => setOutcome(v as RecordedOutcome | null)}
      />
      {outcome === 'completed' && (
        <SessionDetailsFields
          duration={duration}
          channel={channel}
          onDuration={setDuration}
          onChannel={setChannel}
        />
      )}
      <Textarea
        label={t('sessions.correct.reason')}
        description={t('sessions.correct.reasonHelp')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        maxLength={OUTCOME_CORRECTION_REASON_MAX}
        autosize
        minRows={2}
        required
      />
      {refusal !== null && (
        <Alert color="red" role="alert">
          {refusal}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('sessions.outcomeDialog.back')}
        </Button>
        <Button
          onClick={() => void confirm()}
          loading={save.busy}
          disabled={outcome === null || reason.trim() === '' || detailsBad}
        >
          {t('sessions.correct.save')}
        </Button>
      </Group>
    </Stack>
  );
}
