import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { Box, Button, Paper } from '@mui/material';
import { isRouteErrorResponse, Link as RouterLink, useRouteError } from 'react-router';
import { EmptyState } from './empty-state.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { describeError } from './notifier.tsx';

/** What a route shows when it fails to render or to load what it needs first. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  // A new deployment removed the chunk this tab still points at.
  const staleChunk =
    error instanceof TypeError &&
    /dynamically imported module|Importing a module/i.test(error.message);
  return (
    <Box sx={{ p: { xs: 2, sm: 3 } }}>
      <Paper variant="outlined">
        <EmptyState
          icon={<ErrorOutlineIcon />}
          title={staleChunk ? 'The dashboard was updated' : 'This page could not be shown'}
          description={
            staleChunk
              ? 'Reload to get the new version.'
              : `${describeError(error)} Reload to try again; if it keeps happening, tell your administrator.`
          }
          action={
            <Box sx={{ display: 'flex', gap: 1, justifyContent: 'center', flexWrap: 'wrap' }}>
              <Button variant="contained" onClick={() => window.location.reload()}>
                Reload
              </Button>
              <Button component={RouterLink} to="/streams">
                Go to streams
              </Button>
            </Box>
          }
        />
      </Paper>
    </Box>
  );
}
