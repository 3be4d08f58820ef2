/** The session log's filters: which sessions (upcoming, waiting for an outcome, ...), who, when. */
import { Group, SegmentedControl, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SESSION_OUTCOMES } from '../../../domain/privacy/projections';
import { formatMonth } from '../../app/format';
import type { SessionFilters as Filters, SessionView } from './use-session-log';

export function SessionViewControl({
  view,
  waiting,
  onChange,
}: {
  view: SessionView;
  waiting: number;
  onChange(view: SessionView): void;
}) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('sessions.title')}
      value={view}
      onChange={(v) => onChange(v as SessionView)}
      data={[
        { value: 'upcoming', label: t('sessions.upcoming') },
        { value: 'waiting', label: t('sessions.waitingFilter', { count: waiting }) },
        { value: 'past', label: t('sessions.past') },
        { value: 'all', label: t('sessions.all') },
      ]}
    />
  );
}

export function SessionFilters({
  filters,
  onChange,
  counsellorOptions,
  months,
  shownCount,
}: {
  filters: Filters;
  onChange(filters: Filters): void;
  counsellorOptions: { value: string; label: string }[];
  months: string[];
  shownCount: number;
}) {
  const { t, i18n } = useTranslation();
  const monthLabel = (m: string) =>
    `${formatMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7)), i18n.language)} ${m.slice(0, 4)}`;
  return (
    <Group gap="sm" align="flex-end" role="group" aria-label={t('sessions.filters')}>
      <Select
        label={t('sessions.counsellor')}
        placeholder={t('sessions.allCounsellors')}
        data={counsellorOptions}
        value={filters.counsellor}
        onChange={(counsellor) => onChange({ ...filters, counsellor })}
        clearable
        w={200}
        size="xs"
      />
      <Select
        label={t('sessions.outcome')}
        placeholder={t('sessions.allOutcomes')}
        data={SESSION_OUTCOMES.map((o) => ({ value: o, label: t(`sessions.outcomes.${o}`) }))}
        value={filters.outcome}
        onChange={(outcome) => onChange({ ...filters, outcome })}
        clearable
        w={180}
        size="xs"
      />
      <Select
        label={t('sessions.month')}
        placeholder={t('sessions.allMonths')}
        data={months.map((m) => ({
          value: m,
          label:
            i18n.language === 'ja' ? `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月` : monthLabel(m),
        }))}
        value={filters.month}
        onChange={(month) => onChange({ ...filters, month })}
        clearable
        w={160}
        size="xs"
      />
      <Text size="sm" c="dimmed" data-testid="sessions-count">
        {t('sessions.shown', { count: shownCount })}
      </Text>
    </Group>
  );
}
