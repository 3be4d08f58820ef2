/**
 * Bar charts of the `all` category by month for the main measures (recharts). A suppressed month
 * is never drawn as a value: its bar is absent (a gap) and a `*` stands at its foot. Each chart is
 * one image to assistive technology, named by a sentence that lists every month's published value;
 * the tables above hold the same figures.
 */
import {
  Card,
  SimpleGrid,
  Stack,
  Text,
  Title,
  useComputedColorScheme,
  useMantineTheme,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  ALL,
  SUPPRESSED_MARKER,
  type Report,
  type ReportCell,
  type ReportMeasure,
} from '../../../domain/reports';
import { formatValue, monthLabel, shortMonthLabel } from './labels';

/** The measures charted, in order. */
export const CHART_MEASURES: readonly ReportMeasure[] = [
  'messages-received',
  'on-time-share',
  'sessions',
  'participants',
];

interface Point {
  month: string;
  label: string;
  /** The axis label (blank where labels thin out). */
  tick: string;
  /** The published value (a share in per cent), or null where it is suppressed. */
  value: number | null;
  shown: string;
}

function MeasureChart({ measure, points }: { measure: ReportMeasure; points: Point[] }) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const dark = useComputedColorScheme('light') === 'dark';
  const text = dark ? theme.colors.dark[0] : theme.colors.gray[8];
  const grid = dark ? theme.colors.dark[4] : theme.colors.gray[3];
  const bar = dark ? theme.colors.indigo[4] : theme.colors.indigo[7];
  const name = t(`reports.measures.${measure}`);
  const suppressed = points.filter((p) => p.value === null);
  const summary = t('reports.charts.summary', {
    measure: name,
    values: points
      .map((p) =>
        p.value === null
          ? `${p.label} ${SUPPRESSED_MARKER} (${t('reports.suppressed')})`
          : `${p.label} ${p.shown}`,
      )
      .join(', '),
  });
  const id = `report-chart-${measure}`;
  const share = measure === 'on-time-share';
  return (
    <Card withBorder padding="sm" component="figure" m={0} aria-labelledby={id}>
      <Stack gap={4}>
        <Text size="sm" fw={600} component="figcaption" id={id}>
          {name}
        </Text>
        <div role="img" aria-label={summary} data-testid="report-chart" data-measure={measure}>
          <ResponsiveContainer width="100%" height={190}>
            <BarChart
              data={points}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
              accessibilityLayer={false}
            >
              <CartesianGrid vertical={false} stroke={grid} strokeDasharray="3 3" />
              <XAxis
                dataKey="month"
                tickFormatter={(month: string) => points.find((p) => p.month === month)?.tick ?? ''}
                interval={0}
                tick={{ fill: text, fontSize: 11 }}
                stroke={grid}
                tickLine={false}
                height={24}
              />
              <YAxis
                width={share ? 44 : 36}
                tick={{ fill: text, fontSize: 11 }}
                stroke={grid}
                tickLine={false}
                allowDecimals={false}
                domain={share ? [0, 100] : [0, 'auto']}
                tickFormatter={(v: number) => (share ? `${v}%` : String(v))}
              />
              <Tooltip
                cursor={{ fill: dark ? theme.colors.dark[5] : theme.colors.gray[1] }}
                contentStyle={{
                  background: dark ? theme.colors.dark[7] : theme.white,
                  borderColor: grid,
                  color: text,
                  fontSize: 12,
                }}
                labelStyle={{ color: text }}
                labelFormatter={(month) =>
                  points.find((p) => p.month === String(month))?.label ?? String(month)
                }
                formatter={(_value, _name, item) => {
                  const point = item.payload as Point;
                  return [
                    point.value === null
                      ? `${SUPPRESSED_MARKER} ${t('reports.suppressed')}`
                      : point.shown,
                    name,
                  ];
                }}
              />
              {suppressed.map((p) => (
                <ReferenceLine
                  key={p.month}
                  x={p.month}
                  stroke="none"
                  ifOverflow="visible"
                  label={{
                    value: SUPPRESSED_MARKER,
                    position: 'insideBottom',
                    fill: text,
                    fontSize: 14,
                    fontWeight: 700,
                  }}
                />
              ))}
              <Bar dataKey="value" fill={bar} isAnimationActive={false} maxBarSize={36} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        {suppressed.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('reports.charts.suppressedMonths', {
              months: suppressed.map((p) => p.label).join(', '),
            })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function ReportCharts({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const series = useMemo(() => {
    const months = report.periods.filter((p) => p.kind === 'month').map((p) => p.token);
    const byKey = new Map<string, ReportCell>();
    for (const c of report.cells) {
      if (c.category === ALL && CHART_MEASURES.includes(c.measure))
        byKey.set(`${c.measure}|${c.period}`, c);
    }
    // Long periods: every month keeps its slot, labels thin out (the first carries the year).
    const labelEvery = months.length <= 8 ? 1 : Math.ceil(months.length / 6);
    return CHART_MEASURES.filter((m) => report.measures.includes(m)).map((measure) => ({
      measure,
      points: months.map((month, index): Point => {
        const cell = byKey.get(`${measure}|${month}`);
        const value = cell === undefined || cell.value === SUPPRESSED_MARKER ? null : cell.value;
        return {
          month,
          label: monthLabel(month, i18n.language),
          tick: index % labelEvery === 0 ? shortMonthLabel(month, i18n.language, index === 0) : '',
          value: value === null ? null : measure === 'on-time-share' ? value * 100 : value,
          shown: cell === undefined ? '' : formatValue(measure, cell.value, i18n.language),
        };
      }),
    }));
  }, [report, i18n.language]);
  return (
    <Stack gap="xs" component="section" aria-labelledby="report-charts-title">
      <Title order={2} size="h4" id="report-charts-title">
        {t('reports.charts.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        {series.map((s) => (
          <MeasureChart key={s.measure} measure={s.measure} points={s.points} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
