/**
 * The business calendar's year as a list: the year's holidays (national, substitute, citizens';
 * provisional ones marked) and the organisation's closures that touch the year, in date order.
 */
import { Badge, Group, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Holiday } from '../../../domain/calendar';
import type { Closure } from '../../../domain/settings/organisation-settings';
import { formatDay } from '../../app/format';

/** Closures that touch `year`, clipped to it. */
function closuresIn(closures: Closure[], year: number): Closure[] {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  return closures.filter((c) => c.from <= to && c.to >= from);
}

function kindLabel(holiday: Holiday, t: TFunction): string {
  if (holiday.kind === 'substitute') return t('settings.calendar.kindSubstitute');
  if (holiday.kind === 'citizens') return t('settings.calendar.kindCitizens');
  return t('settings.calendar.kindNational');
}

export function HolidayList({
  year,
  holidays,
  closures: allClosures,
}: {
  year: number;
  /** The year's holidays. */
  holidays: readonly Holiday[];
  /** All the organisation's closures (those that touch the year are listed). */
  closures: Closure[];
}) {
  const { t, i18n } = useTranslation();
  const closures = closuresIn(allClosures, year);
  return (
    <>
      <Title order={3} size="h5">
        {t('settings.calendar.listTitle', { year })}
      </Title>
      <Table striped withTableBorder data-testid="holiday-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={200}>{t('settings.calendar.date')}</Table.Th>
            <Table.Th>{t('settings.calendar.name')}</Table.Th>
            <Table.Th w={220}>{t('settings.calendar.kind')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[
            ...holidays.map((h) => ({
              key: h.date,
              sort: h.date,
              date: formatDay(h.date, i18n.language),
              name: i18n.language === 'ja' ? h.nameJa : h.name,
              kind: kindLabel(h, t),
              provisional: h.provisional,
            })),
            ...closures.map((c) => ({
              key: `closure-${c.from}-${c.to}-${c.label}`,
              sort: c.from,
              date:
                c.from === c.to
                  ? formatDay(c.from, i18n.language)
                  : `${formatDay(c.from, i18n.language)} – ${formatDay(c.to, i18n.language)}`,
              name: c.label,
              kind: t('settings.calendar.kindClosure'),
              provisional: false,
            })),
          ]
            .sort((a, b) => a.sort.localeCompare(b.sort))
            .map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{row.date}</Table.Td>
                <Table.Td>{row.name}</Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {row.kind}
                    {row.provisional && (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('settings.calendar.provisional')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
