import { Alert, Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { buildGroupSnippet, buildPlayoutUrl, type PlayerConfig, type Stream } from '@ptd/contracts';
import type { ReactNode, Ref } from 'react';
import { CodeBlock } from '@/components/code-block.tsx';
import { formatLocal, formatUntil, formatUtc } from '@/lib/format.ts';
import type { AppliedPlaybackToken } from '../applied-token.ts';
import { PlayoutUrlBlock } from '@/components/playout-url-block.tsx';

interface StreamPlayoutsCardProps {
  stream: Stream;
  player: PlayerConfig;
  /** The organisation needs a token for every playback. */
  securePackage: boolean;
  token: AppliedPlaybackToken | null;
  onRemoveToken: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
  /** "Create secure playback token" (or why not), where nanoStream's own dashboard has it. */
  action?: ReactNode;
}

/** The web playout URL and the player snippet, carrying the page's token when there is one. */
export function StreamPlayoutsCard({
  stream,
  player,
  securePackage,
  token,
  onRemoveToken,
  headingRef,
  action,
}: StreamPlayoutsCardProps) {
  const source = { groupId: stream.groupId, token: token?.token };
  const url = buildPlayoutUrl(source, player);
  const snippet = buildGroupSnippet(source, player);

  return (
    <Card component="section" aria-labelledby="playouts-heading">
      <CardContent>
        <Typography
          id="playouts-heading"
          variant="h2"
          gutterBottom
          ref={headingRef}
          tabIndex={-1}
          sx={{ outline: 0 }}
        >
          Playouts
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          H5Live playback of {stream.abr ? 'this stream group' : 'this stream'} in the web player or
          your own page.
        </Typography>
        <Stack spacing={2.5}>
          {token ? (
            <Alert severity="success" role="status">
              The secure playback token you just created is applied below
              {token.tag ? ` (tag “${token.tag}”)` : ''}. It is valid until{' '}
              {formatLocal(token.expiresAt)} ({formatUtc(token.expiresAt)},{' '}
              {formatUntil(token.expiresAt)}). It is kept on this page only: leaving or reloading
              the page removes it.
              <Box sx={{ mt: 1 }}>
                <Button color="inherit" size="small" variant="outlined" onClick={onRemoveToken}>
                  Remove token
                </Button>
              </Box>
            </Alert>
          ) : securePackage ? (
            <Alert severity="info" role="note">
              Your organisation uses secure playback: the stream plays only with a playback token.
              The URL and snippet below have no token yet; create a secure playback token to add
              one.
            </Alert>
          ) : null}
          {!token && action && <Box>{action}</Box>}
          <PlayoutUrlBlock url={url} />
          <Box>
            <CodeBlock label="Player snippet (group config)" code={snippet} maxHeight={320} />
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}
