/**
 * Cancel session, asked first. Before it is confirmed the dialog says whether the cutoff has
 * passed: a late cancellation counts as one of the participant's sessions, and how many remain.
 */
import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock } from '../../app/clock';
import { useAction } from '../../app/action';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatDay, formatInstant } from '../../app/format';
import type { SessionLogRow } from '../../db/repositories/session-log';
import { describeProblem } from './words';
import { keepWords } from './fields';

export function CancelSessionDialog({
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
      title={t('sessions.confirmCancel.title')}
      closeButtonProps={{ 'aria-label': t('app.close') }}
    >
      {row !== null && <CancelForm row={row} onClose={onClose} />}
    </Modal>
  );
}

function CancelForm({ row, onClose }: { row: SessionLogRow; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const clock = useClock();
  // The preview is of the moment the dialog opened; the cancellation itself decides again.
  const [openedAt] = useState(() => clock.now().getTime());
  const sessionId = row.session.id;
  const preview = useData(
    'sessions.cancel-preview',
    () => booking.cancellationPreview(sessionId, openedAt),
    [booking, sessionId, openedAt],
  );
  const [refusal, setRefusal] = useState<string | null>(null);
  const names = {
    participant: (id: string) =>
      id === row.session.participantId ? row.participantName : undefined,
    counsellor: (id: string) => (id === row.session.counsellorId ? row.counsellorName : undefined),
  };
  const cancel = useAction(
    'session.cancel',
    useCallback(
      () => booking.cancel({ sessionId, nowMs: clock.now().getTime() }),
      [booking, sessionId, clock],
    ),
  );
  const confirm = async () => {
    const decision = await cancel.run();
    if (decision === undefined) return;
    if (!decision.ok) {
      setRefusal(
        decision.problems.map((p) => describeProblem(p, t, i18n.language, names)).join(' '),
      );
      return;
    }
    notifications.show({
      message: decision.countsTowardQuota
        ? t('sessions.cancelledLate')
        : t('sessions.cancelledInTime'),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
    onClose();
  };

  const p = preview.data;
  const who = {
    participant: row.participantName,
    when: formatInstant(row.session.startMs, i18n.language),
  };
  return (
    <Stack gap="sm" data-testid="cancel-session" lang={i18n.language} style={keepWords}>
      <Text size="sm">{t('sessions.confirmCancel.what', who)}</Text>
      {p === undefined ? (
        <Loader size="sm" aria-label={t('sessions.confirmCancel.title')} />
      ) : !p.ok ? (
        <Alert color="red" role="alert">
          {p.problems.map((x) => describeProblem(x, t, i18n.language, names)).join(' ')}
        </Alert>
      ) : (
        <Alert
          color={p.late ? 'orange' : 'gray'}
          title={p.late ? t('sessions.confirmCancel.lateTitle') : undefined}
          data-testid={p.late ? 'late-cancellation' : 'cancellation-in-time'}
        >
          {t(p.late ? 'sessions.confirmCancel.late' : 'sessions.confirmCancel.inTime', {
            ...who,
            remaining: p.quotaAfter.remaining,
            limit: p.quotaAfter.limit,
            renews: formatDay(p.quotaAfter.renewsOn, i18n.language),
          })}
        </Alert>
      )}
      {refusal !== null && (
        <Alert color="red" role="alert">
          {refusal}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} data-autofocus>
          {t('sessions.confirmCancel.keep')}
        </Button>
        <Button
          color="red.9"
          onClick={() => void confirm()}
          loading={cancel.busy}
          disabled={p === undefined || !p.ok}
        >
          {p?.ok && p.late
            ? t('sessions.confirmCancel.confirmLate')
            : t('sessions.confirmCancel.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}
