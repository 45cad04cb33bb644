import { Alert, Box, Link, Paper, Stack, Typography } from '@mui/material';
import type { Insights } from '@ptd/contracts';
import { cannotBeReached, databaseBusy, databaseRestarting } from '@/lib/api-client.ts';
import { LoadingState } from '@/components/loading-state.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { localTimeZone } from '@/lib/format.ts';
import { RouterLink } from '@/lib/navigation.tsx';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { useInsights } from '../api/get-insights.ts';
import { ActiveTargetsChart } from './active-targets-chart.tsx';
import { ExpiringChart } from './expiring-chart.tsx';
import { IssuedChart } from './issued-chart.tsx';
import { LiveViewersChart } from './live-viewers-chart.tsx';
import { tokenLinks } from './token-links.ts';

interface Figure {
  label: string;
  value: number;
  to: string;
}

function figures(insights: Insights): Figure[] {
  const last24 = insights.hourly
    .slice(-24)
    .reduce((sum, h) => sum + h.counts.staff + h.counts.bulk + h.counts.viewer, 0);
  const thisMinute = insights.live.policies.reduce((sum, p) => sum + (p.counts.at(-1) ?? 0), 0);
  return [
    { label: 'Active tokens', value: insights.active.total, to: '/tokens?status=active' },
    { label: 'Viewer tokens this minute', value: thisMinute, to: tokenLinks.all() },
    { label: 'Issued in 24 hours', value: last24, to: tokenLinks.all() },
    {
      label: 'Expiring within 24 hours',
      value: insights.expiring.total,
      to: tokenLinks.expiringWithinADay(),
    },
  ];
}

/** The home page during an event: a picture to glance at, each part leading to its tokens. */
export function EventOverviewPage() {
  const insights = useInsights();
  const time = useTableTime();

  const data = insights.data;
  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Event overview"
        description={
          data
            ? `Tokens issued and in use, updated every 10 seconds while this page is open. As of ${time.long(data.generatedAt)}${time.zone === 'local' ? ` (${localTimeZone()})` : ''}.`
            : 'Tokens issued and in use, updated every 10 seconds while this page is open.'
        }
      />
      {!data && insights.isPending && <LoadingState label="Counting tokens…" />}
      {!data && insights.isError && (
        <Alert severity="error">The overview could not be loaded. It is tried again shortly.</Alert>
      )}
      {data && insights.isError && (
        // Said once, politely: the page goes on refreshing, and says when it has caught up.
        <Alert severity="warning" role="status">
          These figures are not current:{' '}
          {cannotBeReached(insights.error)
            ? 'the dashboard server cannot be reached.'
            : databaseRestarting(insights.error)
              ? "the dashboard's database is not answering (it may be restarting)."
              : databaseBusy(insights.error)
                ? 'the dashboard was busy.'
                : 'the last refresh failed.'}{' '}
          They update by themselves once a refresh succeeds.
        </Alert>
      )}
      {data && (
        <>
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', md: 'repeat(4, 1fr)' },
            }}
          >
            {figures(data).map((figure) => (
              <Paper
                key={figure.label}
                variant="outlined"
                component={RouterLink}
                to={figure.to}
                sx={{ p: 2, textDecoration: 'none', color: 'inherit', display: 'block' }}
              >
                <Typography variant="body2" color="text.secondary">
                  {figure.label}
                </Typography>
                <Typography sx={{ fontSize: { xs: 26, sm: 32 }, fontWeight: 600, lineHeight: 1.2 }}>
                  {figure.value.toLocaleString()}
                </Typography>
              </Paper>
            ))}
          </Box>
          <LiveViewersChart live={data.live} />
          <IssuedChart insights={data} />
          <Box
            sx={{
              display: 'grid',
              gap: 2.5,
              gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'repeat(2, minmax(0, 1fr))' },
            }}
          >
            <ActiveTargetsChart active={data.active} />
            <ExpiringChart expiring={data.expiring} />
          </Box>
          <Typography variant="body2" color="text.secondary">
            Times are in {time.zone === 'utc' ? 'UTC' : 'your local time'} (the account menu
            switches); counts come from the ledger, in UTC hours and days.{' '}
            {/* In a sentence: underlined, so that it does not stand out by its colour alone. */}
            <Link component={RouterLink} to={tokenLinks.all()} underline="always">
              Every token
            </Link>
          </Typography>
        </>
      )}
    </Stack>
  );
}
