import { Box, Chip, Stack } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { foreignLabel, type Insights } from '@ptd/contracts';
import { ForeignText } from '@/components/foreign-text.tsx';
import { RouterLink } from '@/lib/navigation.tsx';
import { useTableTimeZone } from '@/lib/table-time-zone.ts';
import { hourLong, minuteTick } from './bucket-labels.ts';
import { ChartCard, ChartEmpty, ChartEmptyAction } from './chart-card.tsx';
import { tokenLinks } from './token-links.ts';

/** More lines than this are a tangle: the busiest policies get one each. */
const MAX_LINES = 6;
const PALETTE = ['#2e7d32', '#1565c0', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457'];

const policyName = (policy: Insights['live']['policies'][number]) =>
  policy.name ?? `Deleted policy ${policy.policyId.slice(0, 8)}`;

/** Viewer tokens per minute and policy: an audience arriving, ten seconds behind at most. */
export function LiveViewersChart({ live }: { live: Insights['live'] }) {
  const [zone] = useTableTimeZone();
  const shown = live.policies.slice(0, MAX_LINES);
  const total = live.policies.reduce((sum, policy) => sum + policy.total, 0);
  const lastMinute = live.policies.reduce((sum, policy) => sum + (policy.counts.at(-1) ?? 0), 0);
  const hours = live.minutes.length / 60;

  return (
    <ChartCard
      title="Viewers arriving"
      caption={`${total.toLocaleString()} viewer tokens in the last ${hours >= 1 ? `${hours} hours` : `${live.minutes.length} minutes`}, ${lastMinute.toLocaleString()} this minute, per minute and policy`}
    >
      {total === 0 ? (
        <ChartEmpty>
          No viewer tokens in this period. When a page using a playback policy fetches tokens, its
          viewers appear here within ten seconds.
          <ChartEmptyAction permission="managePolicies" to="/policies">
            Set up a playback policy
          </ChartEmptyAction>
        </ChartEmpty>
      ) : (
        <>
          <LineChart
            height={260}
            margin={{ left: 0, right: 8 }}
            hideLegend
            xAxis={[
              {
                scaleType: 'point',
                data: live.minutes,
                valueFormatter: (value: string, context) =>
                  context.location === 'tick' ? minuteTick(value, zone) : hourLong(value, zone),
                tickInterval: (_: string, index: number) => index % 15 === 0,
              },
            ]}
            yAxis={[{ tickMinStep: 1, width: 44 }]}
            series={shown.map((policy, index) => ({
              data: policy.counts,
              label: foreignLabel(policyName(policy)),
              showMark: false,
              area: shown.length === 1,
              color: PALETTE[index % PALETTE.length],
            }))}
          />
          <Box component="nav" aria-label="Viewer tokens by policy">
            <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mt: 1 }}>
              {live.policies.map((policy, index) => (
                <Chip
                  key={policy.policyId}
                  component={RouterLink}
                  to={tokenLinks.policy(policy.policyId)}
                  clickable
                  variant="outlined"
                  label={
                    <>
                      <ForeignText value={policyName(policy)} />: {policy.total.toLocaleString()}
                    </>
                  }
                  icon={
                    <Box
                      component="span"
                      sx={{
                        width: 10,
                        height: 10,
                        borderRadius: '50%',
                        bgcolor: index < MAX_LINES ? PALETTE[index] : 'text.disabled',
                      }}
                    />
                  }
                />
              ))}
            </Stack>
          </Box>
        </>
      )}
    </ChartCard>
  );
}
