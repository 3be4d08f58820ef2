/**
 * Settings → Security → Save an encrypted backup: the data as stored (sealed), audited before the
 * file is written; never while a key rotation is unfinished.
 */
import { Button } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import { bridge } from '../../bridge';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { SecurityCard, StatusLine, useOperation, type Status } from './security-card';

export function BackupCard() {
  const { t } = useTranslation();
  const backUp = useBackUp();
  const { busy, status, run } = useOperation();
  return (
    <SecurityCard title={t('security.backupTitle')} explain={t('security.backupExplain')} maw={560}>
      <StatusLine status={status} testId="backup-status" />
      <Button onClick={() => void run(backUp, { exclusive: true })} loading={busy} w="fit-content">
        {t('security.saveBackup')}
      </Button>
    </SecurityCard>
  );
}

function useBackUp() {
  const { t } = useTranslation();
  const { maintenance, audit, profile } = useWorkstationDb();
  const clock = useClock();
  return useCallback(async (): Promise<Status> => {
    if (await maintenance.rotationPending())
      return { kind: 'error', text: t('security.finishRotationFirst') };
    const nowMs = clock.now().getTime();
    const { data, records } = await maintenance.createBackup(nowMs);
    const stamp = formatJstInstant(nowMs).slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    // Recorded before the file is written: an export the log does not hold never happens.
    await audit.append(
      {
        profile,
        action: 'export',
        object: 'backup',
        reason: { code: 'backup-exported', records },
      },
      nowMs,
    );
    const saved = await bridge['backup.save']({
      suggestedName: `counsellor-workstation-${stamp}.cwbackup`,
      data,
    });
    return saved.saved
      ? { kind: 'ok', text: t('security.backupSaved', { path: saved.path, count: records }) }
      : { kind: 'idle' };
  }, [maintenance, audit, profile, clock, t]);
}
