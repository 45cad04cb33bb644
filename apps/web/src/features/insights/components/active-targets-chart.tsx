import { Box, Link, Stack, Typography, useTheme } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { foreignLabel, type Insights } from '@ptd/contracts';
import { ForeignText } from '@/components/foreign-text.tsx';
import { navigate, RouterLink } from '@/lib/navigation.tsx';
import { useStreamGroupNames } from '@/features/tokens/api/stream-groups.ts';
import { ChartCard, ChartEmpty, ChartEmptyAction } from './chart-card.tsx';
import { targetLabel, tokenLinks } from './token-links.ts';

/** Which streams, groups or the whole organisation the active tokens play. */
export function ActiveTargetsChart({ active }: { active: Insights['active'] }) {
  const theme = useTheme();
  const targets = active.targets;
  const groupNames = useStreamGroupNames(
    targets.filter((target) => target.type === 'group').map((target) => target.value),
  );
  return (
    <ChartCard
      title="Active tokens by target"
      caption={`${active.total.toLocaleString()} active now; the busiest targets${active.sampled ? ` of the newest ${active.sampled.toLocaleString()}` : ''} (a token naming several streams counts for each)`}
      link={{ to: '/tokens?status=active', label: 'All active tokens' }}
    >
      {targets.length === 0 ? (
        <ChartEmpty>
          No token is active right now. A token counts here from its start until it expires or is
          revoked.
          <ChartEmptyAction permission="createToken" to="/tokens/new">
            Create a secure playback token
          </ChartEmptyAction>
        </ChartEmpty>
      ) : (
        <>
          <BarChart
            height={Math.max(140, 34 * targets.length + 40)}
            layout="horizontal"
            margin={{ left: 0, right: 16 }}
            hideLegend
            // Keyed by value: a band scale merges equal labels.
            dataset={targets.map((target) => ({ value: target.value, tokens: target.tokens }))}
            yAxis={[
              {
                scaleType: 'band',
                dataKey: 'value',
                width: 140,
                // The axis has 140 px: a group's tick says "(group)", its tooltip the whole name.
                valueFormatter: (value: string, context) => {
                  const target = targets.find((t) => t.value === value);
                  const short = context.location === 'tick';
                  return foreignLabel(target ? targetLabel(target, groupNames, short) : value);
                },
              },
            ]}
            xAxis={[{ tickMinStep: 1 }]}
            series={[
              { dataKey: 'tokens', label: 'Active tokens', color: theme.palette.primary.main },
            ]}
            onItemClick={(_, item) => {
              const target = targets[item.dataIndex];
              if (target) navigate(tokenLinks.target(target));
            }}
          />
          <Box component="nav" aria-label="Active tokens by target">
            <Stack
              component="ul"
              sx={{ listStyle: 'none', p: 0, m: 0, columnGap: 2 }}
              direction="row"
              flexWrap="wrap"
            >
              {targets.map((target) => (
                <Typography component="li" variant="body2" key={target.value}>
                  <Link component={RouterLink} to={tokenLinks.target(target)}>
                    <ForeignText value={targetLabel(target, groupNames)} />
                  </Link>{' '}
                  {target.tokens.toLocaleString()}
                </Typography>
              ))}
            </Stack>
          </Box>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
            Each count is of the tokens naming that target, and its link lists those tokens; a
            stream also plays through the stream group and organisation-wide tokens.
          </Typography>
        </>
      )}
    </ChartCard>
  );
}
