import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuotaUsage } from '../../../domain/booking';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatDay } from '../../app/format';

/** A participant's video-session quota: used, remaining, and when it renews (DOMAIN.md 5). */
export function QuotaLine({
  participantId,
  refreshKey,
}: {
  participantId: string;
  refreshKey?: unknown;
}) {
  const { t, i18n } = useTranslation();
  const { booking, dataVersion } = useWorkstationDb();
  const clock = useClock();
  const [quota, setQuota] = useState<QuotaUsage | null>(null);
  useEffect(() => {
    let cancelled = false;
    void booking.quota(participantId, clock.now().getTime()).then((q) => !cancelled && setQuota(q));
    return () => {
      cancelled = true;
    };
  }, [booking, participantId, clock, dataVersion, refreshKey]);
  if (quota === null) return null;
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
