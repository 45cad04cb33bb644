import LockIcon from '@mui/icons-material/Lock';
import { Paper } from '@mui/material';
import { EmptyState } from './empty-state.tsx';

/** A page the signed-in role may not open, and why. */
export function NotAllowed({ title, reason }: { title: string; reason: string }) {
  return (
    <Paper variant="outlined">
      <EmptyState
        icon={<LockIcon />}
        title={`You are not allowed to open ${title}`}
        description={reason}
      />
    </Paper>
  );
}
