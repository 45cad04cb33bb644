import ComputerIcon from '@mui/icons-material/Computer';
import DevicesOtherIcon from '@mui/icons-material/DevicesOther';
import PhoneIphoneIcon from '@mui/icons-material/PhoneIphone';
import TabletMacIcon from '@mui/icons-material/TabletMac';
import TvIcon from '@mui/icons-material/Tv';
import { Box, Button, Chip, Tooltip, Typography } from '@mui/material';
import type { StaffSession } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { foreignLabel } from '@ptd/contracts';
import { formatRelative, formatShort, formatUtc } from '@/lib/format.ts';

const DEVICE_ICONS: Record<StaffSession['device'], ReactNode> = {
  desktop: <ComputerIcon />,
  mobile: <PhoneIphoneIcon />,
  tablet: <TabletMacIcon />,
  tv: <TvIcon />,
  other: <DevicesOtherIcon />,
};

/** "Firefox 133 on Windows 10", "curl/8.5.0", "Unknown browser". */
export const sessionName = (session: StaffSession) =>
  [session.browser ?? 'Unknown browser', session.os].filter(Boolean).join(' on ');

interface SessionListProps {
  sessions: StaffSession[];
  /** Whose sessions, for the list's accessible name: "Your sessions", "Sessions of Eddie". */
  label: string;
  /** The session being ended, while its request runs. */
  pendingId: string | null;
  /** Sign out one session; not offered for this session (the account menu signs it out). */
  onEnd: (session: StaffSession) => void;
}

/** Signed-in sessions, one per row: device, browser and system, address, times, "Sign out". */
export function SessionList({ sessions, label, pendingId, onEnd }: SessionListProps) {
  return (
    <Box component="ul" aria-label={label} sx={{ m: 0, p: 0, listStyle: 'none' }}>
      {sessions.map((session) => (
        <Box
          component="li"
          key={session.id}
          sx={{
            '&:not(:first-of-type)': { borderTop: 1, borderColor: 'divider' },
            display: 'flex',
            alignItems: { xs: 'flex-start', sm: 'center' },
            flexDirection: { xs: 'column', sm: 'row' },
            gap: { xs: 1, sm: 2 },
            px: { xs: 2, sm: 3 },
            py: 2,
          }}
        >
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexGrow: 1, minWidth: 0 }}>
            <Box aria-hidden sx={{ color: 'text.secondary', pt: 0.25 }}>
              {DEVICE_ICONS[session.device]}
            </Box>
            <Box sx={{ minWidth: 0 }}>
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                <Tooltip
                  title={
                    session.userAgent
                      ? foreignLabel(session.userAgent)
                      : 'The browser sent no User-Agent.'
                  }
                >
                  <Typography sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
                    {sessionName(session)}
                  </Typography>
                </Tooltip>
                {session.current && (
                  <Chip size="small" color="success" variant="outlined" label="This session" />
                )}
              </Box>
              <Typography
                variant="body2"
                color="text.secondary"
                sx={{
                  overflowWrap: 'anywhere',
                  // One fact a line on a phone; in a row with dots between them on wider screens.
                  '& > *': { display: { xs: 'block', sm: 'inline' } },
                  '& > :not(:last-child)::after': { content: { xs: 'none', sm: '" · "' } },
                }}
              >
                <span>{session.ip ?? 'Unknown address'}</span>
                <Moment
                  label="Signed in"
                  value={session.createdAt}
                  text={formatShort(session.createdAt)}
                />
                <Moment
                  label="Last active"
                  value={session.lastSeenAt}
                  text={session.current ? 'now' : formatRelative(session.lastSeenAt)}
                />
              </Typography>
            </Box>
          </Box>
          {!session.current && (
            <Button
              size="small"
              variant="outlined"
              color="error"
              loading={pendingId === session.id}
              disabled={pendingId !== null && pendingId !== session.id}
              onClick={() => onEnd(session)}
              aria-label={`Sign out ${sessionName(session)}, signed in ${formatShort(session.createdAt)}`}
              sx={{ flexShrink: 0, ml: { xs: 5, sm: 0 } }}
            >
              Sign out
            </Button>
          )}
        </Box>
      ))}
    </Box>
  );
}

/** "Signed in 3 Dec 2026 10:02", with the UTC instant on hover. */
function Moment({ label, value, text }: { label: string; value: string; text: string }) {
  return (
    <Tooltip title={formatUtc(value)}>
      <Box component="time" dateTime={value}>
        {label} {text}
      </Box>
    </Tooltip>
  );
}
