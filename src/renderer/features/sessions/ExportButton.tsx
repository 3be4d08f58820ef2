/** The session log as CSV for a supervisor: audited before the file is written. */
import { Button, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import { SESSION_OUTCOMES } from '../../../domain/privacy/projections';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { bridge } from '../../bridge';
import { sessionLogCsv, type SessionLogRow } from '../../db/repositories/session-log';
import type { SessionFilters } from './use-session-log';

export function ExportButton({
  rows,
  filters,
}: {
  rows: SessionLogRow[];
  filters: SessionFilters;
}) {
  const { t } = useTranslation();
  const { audit, profile } = useWorkstationDb();
  const clock = useClock();
  const exportCsv = useAction(
    'sessions.export',
    useCallback(async () => {
      // Recorded before the file is written: no export without its audit entry.
      await audit.append(
        {
          profile,
          action: 'export',
          object: `session-log:${rows.length}`,
          // Which sessions, never whose: a counsellor filter is recorded as "one counsellor".
          reason: {
            code: 'session-log-exported',
            view: filters.view,
            counsellorFiltered: filters.counsellor !== null,
            outcome: SESSION_OUTCOMES.find((o) => o === filters.outcome) ?? null,
            month: filters.month,
          },
        },
        clock.now().getTime(),
      );
      const stamp = formatJstInstant(clock.now().getTime()).slice(0, 10);
      return bridge['export.save']({
        kind: 'csv',
        suggestedName: `session-log-${stamp}.csv`,
        text: sessionLogCsv(rows),
      });
    }, [audit, profile, clock, rows, filters]),
  );
  const run = async () => {
    const result = await exportCsv.run();
    if (result === undefined) return;
    notifications.show({
      message: result.saved
        ? t('sessions.exported', { count: rows.length, path: result.path })
        : t('sessions.exportCancelled'),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
  };
  return (
    <Tooltip label={t('sessions.exportExplain')}>
      <Button
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
        onClick={() => void run()}
        loading={exportCsv.busy}
        disabled={rows.length === 0}
      >
        {t('sessions.exportCsv')}
      </Button>
    </Tooltip>
  );
}
