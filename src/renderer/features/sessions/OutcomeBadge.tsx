import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SessionOutcome } from '../../../domain/privacy/projections';

const OUTCOME_COLOURS: Record<SessionOutcome, string> = {
  scheduled: 'indigo.8',
  completed: 'teal.9',
  cancelled: 'gray.7',
  'late-cancelled': 'pink.9',
  'no-show': 'red.9',
};

/** A session's outcome in words, with a colour that is never the only signal. */
export function OutcomeBadge({
  outcome,
  size = 'sm',
}: {
  outcome: SessionOutcome;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={OUTCOME_COLOURS[outcome]}
      variant="filled"
      autoContrast
      data-outcome={outcome}
      size={size}
      style={{ maxWidth: '100%' }}
    >
      {t(`sessions.outcomes.${outcome}`)}
    </Badge>
  );
}
