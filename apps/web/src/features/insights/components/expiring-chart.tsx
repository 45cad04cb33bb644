import { useTheme } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import type { Insights } from '@ptd/contracts';
import { navigate } from '@/lib/navigation.tsx';
import { useTableTimeZone } from '@/lib/table-time-zone.ts';
import { hourLong, hourTick } from './bucket-labels.ts';
import { ChartCard, ChartEmpty } from './chart-card.tsx';
import { tokenLinks } from './token-links.ts';

/** Active tokens running out within a day, per hour: who will need a new one, and when. */
export function ExpiringChart({ expiring }: { expiring: Insights['expiring'] }) {
  const theme = useTheme();
  const [zone] = useTableTimeZone();
  return (
    <ChartCard
      title="Expiring within 24 hours"
      caption={`${expiring.total.toLocaleString()} active tokens, per hour of expiry`}
      link={{ to: tokenLinks.expiringWithinADay(), label: 'Open, soonest first' }}
    >
      {expiring.total === 0 ? (
        <ChartEmpty>No active token expires within the next 24 hours.</ChartEmpty>
      ) : (
        <BarChart
          height={220}
          // Room for half of the last hour's tick ("20:00"), which is centred on its bar.
          margin={{ left: 0, right: 20 }}
          hideLegend
          dataset={expiring.hourly}
          xAxis={[
            {
              scaleType: 'band',
              dataKey: 'at',
              valueFormatter: (value: string, context) =>
                context.location === 'tick' ? hourTick(value, zone) : hourLong(value, zone),
            },
          ]}
          yAxis={[{ tickMinStep: 1, width: 44 }]}
          series={[{ dataKey: 'tokens', label: 'Expiring', color: theme.palette.warning.main }]}
          onItemClick={() => navigate(tokenLinks.expiringWithinADay())}
        />
      )}
    </ChartCard>
  );
}
