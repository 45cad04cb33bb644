import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import KeyIcon from '@mui/icons-material/Key';
import { Box, Button, Typography } from '@mui/material';
import type { ReactNode } from 'react';

interface Props {
  filtered: boolean;
  canCreate: boolean;
  /** "Create secure playback token", or what stands in its way. */
  action: ReactNode;
  onClear: () => void;
}

/** Says what to do next: create the first token, or loosen the filters. */
export function TokensEmptyState({ filtered, canCreate, action, onClear }: Props) {
  return (
    <Box sx={{ textAlign: 'center', px: 3, py: 8 }}>
      <KeyIcon color="disabled" sx={{ fontSize: 48, mb: 1 }} />
      <Typography variant="h2" component="h2" gutterBottom>
        {filtered ? 'No tokens match these filters' : 'No playback tokens yet'}
      </Typography>
      <Typography color="text.secondary" sx={{ maxWidth: 480, mx: 'auto', mb: 3 }}>
        {filtered
          ? 'Stream, tag, user ID and creator match any part of what you type, in any case. Try fewer letters, another status, or clear the filters.'
          : canCreate
            ? 'Every secure playback token created in this dashboard is listed here with its status, target and expiry.'
            : 'Every secure playback token created in this dashboard is listed here. Ask an editor or admin to create one.'}
      </Typography>
      {filtered ? (
        <Button variant="outlined" startIcon={<FilterAltOffIcon />} onClick={onClear}>
          Clear filters
        </Button>
      ) : (
        <Box sx={{ display: 'flex', justifyContent: 'center' }}>{action}</Box>
      )}
    </Box>
  );
}
