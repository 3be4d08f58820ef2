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
  truncate = true,
}: {
  outcome: SessionOutcome;
  size?: 'xs' | 'sm';
  /** Truncate to the space available (calendar cells); tables show the whole word. */
  truncate?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={OUTCOME_COLOURS[outcome]}
      variant="filled"
      autoContrast
      data-outcome={outcome}
      size={size}
      style={truncate ? { maxWidth: '100%' } : undefined}
      styles={truncate ? undefined : { label: { overflow: 'visible' } }}
    >
      {t(`sessions.outcomes.${outcome}`)}
    </Badge>
  );
}
