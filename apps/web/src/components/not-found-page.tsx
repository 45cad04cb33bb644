import SearchOffIcon from '@mui/icons-material/SearchOff';
import { Button, Paper } from '@mui/material';
import { RouterLink } from '@/lib/navigation.tsx';
import { EmptyState } from './empty-state.tsx';

/** Any address the dashboard does not know. */
export function NotFoundPage() {
  return (
    <Paper variant="outlined">
      <EmptyState
        icon={<SearchOffIcon />}
        title="Page not found"
        titleComponent="h1"
        description="There is no page at this address. It may have moved, or the link is mistyped."
        action={
          <Button variant="contained" component={RouterLink} to="/streams">
            Go to streams
          </Button>
        }
      />
    </Paper>
  );
}
