/**
 * Issue 12.4: an import cut short (the page closed, the computer stopped) is found at the next
 * unlock and finished from the records it stored, without the file: the threads of its messages
 * are worked out again so that no stored message stays hidden from the queue. The finishing is
 * audited, and this notice says what was stored and that importing the file again adds the rest.
 */
import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import type { InterruptedImport } from '../../db/repositories/import';
import { formatJstInstant } from '../../../domain/calendar';

export function InterruptedImportNotice() {
  const { t } = useTranslation();
  const { maintenance, audit, profile, search } = useWorkstationDb();
  const clock = useClock();
  const [finished, setFinished] = useState<InterruptedImport | null>(null);

  useEffect(() => {
    let cancelled = false;
    const nowMs = clock.now().getTime();
    // The repository runs one finishing at a time: a second call gets the same promise, and the
    // audit entry is written once.
    const work = maintenance.finishInterruptedImport(nowMs, async (result) => {
      await audit.append(
        {
          profile,
          action: 'import',
          object: 'dataset',
          reason: {
            code: 'import-resumed',
            stored: result.stored,
            total: result.total,
            threadsUpdated: result.threadsUpdated,
          },
        },
        nowMs,
      );
      // The screens read live: the threads worked out again show by themselves.
      void search.rebuild();
    });
    void work.then(
      (result) => !cancelled && result !== null && setFinished(result),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [maintenance, audit, profile, search, clock]);

  if (finished === null) return null;
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle size={16} aria-hidden />}
      title={t('importInterrupted.title')}
      role="alert"
      withCloseButton
      closeButtonLabel={t('importInterrupted.dismiss')}
      onClose={() => setFinished(null)}
      mb="md"
      data-testid="import-interrupted"
    >
      <Text size="sm">
        {t('importInterrupted.body', {
          at: formatJstInstant(finished.startedAtMs).slice(0, 16).replace('T', ' '),
          stored: finished.stored,
          total: finished.total,
          threads: finished.threadsUpdated,
        })}
      </Text>
      <Text size="sm">
        {t('importInterrupted.next', { missing: finished.total - finished.stored })}
      </Text>
    </Alert>
  );
}
