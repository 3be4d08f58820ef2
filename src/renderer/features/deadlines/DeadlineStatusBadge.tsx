import { Badge } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconClockExclamation,
  IconClockHour4,
  IconClockX,
} from '@tabler/icons-react';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadlineStatusKind } from '../../../domain/calendar';

/** Shades chosen so the label keeps a contrast of at least 4.5:1 in both colour schemes. */
const LOOK: Record<DeadlineStatusKind, { color: string; Icon: typeof IconClockHour4 }> = {
  'on-track': { color: 'teal.9', Icon: IconClockHour4 },
  'due-soon': { color: 'yellow.4', Icon: IconClockExclamation },
  overdue: { color: 'red.9', Icon: IconAlertTriangle },
  'answered-on-time': { color: 'gray.7', Icon: IconCircleCheck },
  'answered-late': { color: 'pink.9', Icon: IconClockX },
};

/** A deadline status with colour, icon and words: never colour alone. */
export function DeadlineStatusBadge({
  status,
  style,
}: {
  status: DeadlineStatusKind;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const { color, Icon } = LOOK[status];
  return (
    <Badge
      color={color}
      variant="filled"
      autoContrast
      leftSection={<Icon size={14} aria-hidden />}
      data-status={status}
      style={style}
    >
      {t(`deadline.${status}`)}
    </Badge>
  );
}
