import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatDay } from '../../app/format';

/**
 * A participant's video-session quota: used, remaining, and when it renews (DOMAIN.md 5). A live
 * read: a booking or cancellation anywhere changes it at once.
 */
export function QuotaLine({ participantId }: { participantId: string }) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const nowMs = useNow().getTime();
  const { data: quota } = useData('sessions.quota', () => booking.quota(participantId, nowMs), [
    booking,
    participantId,
    nowMs,
  ]);
  if (quota === undefined) return null;
  const renews = formatDay(quota.renewsOn, i18n.language);
  return (
    <Text
      size="sm"
      data-testid="quota-line"
      c={quota.remaining === 0 ? 'var(--mantine-color-red-text)' : undefined}
    >
      {quota.remaining === 0
        ? t('quota.full', { renews })
        : t('quota.line', {
            used: quota.used,
            limit: quota.limit,
            remaining: quota.remaining,
            renews,
          })}
    </Text>
  );
}
