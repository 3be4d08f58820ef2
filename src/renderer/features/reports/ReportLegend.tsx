/**
 * The report's legend, above the tables and the preview: what the marker `*` means (a count under
 * the threshold T, or a figure worked out from one), and how many earlier releases were
 * suppressed with this one.
 */
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SUPPRESSED_MARKER } from '../../../domain/reports';

export function ReportLegend({ threshold, linked }: { threshold: number; linked: number }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="gray"
      variant="light"
      title={t('reports.legendTitle')}
      data-testid="report-legend"
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge variant="outline" color="gray" size="lg" radius="sm" aria-hidden>
          {SUPPRESSED_MARKER}
        </Badge>
        <Stack gap={4}>
          <Text size="sm">{t('reports.legend', { max: threshold - 1, threshold })}</Text>
          <Text size="sm">{t('reports.derivedNote', { threshold })}</Text>
          {linked > 0 && (
            <Text size="sm" data-testid="report-linked">
              {t('reports.linkedReleases', { count: linked })}
            </Text>
          )}
        </Stack>
      </Group>
    </Alert>
  );
}
