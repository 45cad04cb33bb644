import { ToggleButton, ToggleButtonGroup, useTheme } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { INSIGHT_KINDS, type InsightKind, type Insights } from '@ptd/contracts';
import { useState } from 'react';
import { navigate } from '@/lib/navigation.tsx';
import { useTableTimeZone } from '@/lib/table-time-zone.ts';
import { dayLong, dayTick, hourLong, hourTick } from './bucket-labels.ts';
import { ChartCard, ChartEmpty, ChartEmptyAction } from './chart-card.tsx';
import { tokenLinks } from './token-links.ts';

export const KIND_LABELS: Record<InsightKind, string> = {
  staff: 'Staff',
  bulk: 'Bulk',
  viewer: 'Viewer (policies)',
};

type Span = 'hours' | 'days';

/** Tokens issued per hour (48 h) or per day (30 days), stacked by who issued them. */
export function IssuedChart({ insights }: { insights: Insights }) {
  const [span, setSpan] = useState<Span>('hours');
  const [zone] = useTableTimeZone();
  const theme = useTheme();
  const colors: Record<InsightKind, string> = {
    staff: theme.palette.primary.main,
    bulk: theme.palette.warning.main,
    viewer: theme.palette.success.main,
  };
  const rows =
    span === 'hours'
      ? insights.hourly.map((h) => ({ key: h.at, ...h.counts }))
      : insights.daily.map((d) => ({ key: d.day, ...d.counts }));
  const kinds = INSIGHT_KINDS.filter((kind) => rows.some((row) => row[kind] > 0));
  const total = rows.reduce((sum, row) => sum + row.staff + row.bulk + row.viewer, 0);

  return (
    <ChartCard
      title="Tokens issued"
      caption={`${total.toLocaleString()} in the last ${span === 'hours' ? '48 hours' : '30 days'}${span === 'days' ? ' (UTC days)' : ''}, by who issued them`}
      link={{ to: tokenLinks.all(), label: 'Open Playback tokens' }}
      actions={
        <ToggleButtonGroup
          size="small"
          exclusive
          value={span}
          onChange={(_, next: Span | null) => next && setSpan(next)}
          aria-label="Period"
        >
          <ToggleButton value="hours">48 hours</ToggleButton>
          <ToggleButton value="days">30 days</ToggleButton>
        </ToggleButtonGroup>
      }
    >
      {total === 0 ? (
        <ChartEmpty>
          No tokens were issued in this period. Every token created in this dashboard appears here:
          one at a time, in bulk, or for viewers by a playback policy.
          <ChartEmptyAction permission="createToken" to="/tokens/new">
            Create a secure playback token
          </ChartEmptyAction>
        </ChartEmpty>
      ) : (
        <BarChart
          height={260}
          dataset={rows}
          margin={{ left: 0, right: 8 }}
          xAxis={[
            {
              scaleType: 'band',
              dataKey: 'key',
              valueFormatter: (value: string, context) =>
                span === 'hours'
                  ? context.location === 'tick'
                    ? hourTick(value, zone)
                    : hourLong(value, zone)
                  : context.location === 'tick'
                    ? dayTick(value)
                    : dayLong(value),
            },
          ]}
          yAxis={[{ tickMinStep: 1, width: 44 }]}
          series={kinds.map((kind) => ({
            dataKey: kind,
            label: KIND_LABELS[kind],
            stack: 'kind',
            color: colors[kind],
          }))}
          onItemClick={() => navigate(tokenLinks.all())}
        />
      )}
    </ChartCard>
  );
}
