import { Alert, Box, MenuItem, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import {
  buildEntriesSnippet,
  buildGroupSnippet,
  buildIframeEmbed,
  buildPlayoutUrl,
  type PlayerConfig,
  type Stream,
} from '@ptd/contracts';
import { useState } from 'react';
import { CodeBlock } from '@/components/code-block.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { useStream } from '@/features/streams/api/get-stream.ts';
import type { CreatedToken } from '../token-form/types.ts';
import { entryNames, initialStream } from './playout-source.ts';
import { StreamChooser } from './stream-chooser.tsx';
import { PlayoutUrlBlock } from '@/components/playout-url-block.tsx';

const SNIPPETS = [
  { id: 'group', label: 'Group config' },
  { id: 'entries', label: 'Entries config' },
  { id: 'iframe', label: 'iframe embed' },
] as const;
type SnippetId = (typeof SNIPPETS)[number]['id'];

function Links({
  groupId,
  names,
  token,
  player,
  onCopied,
}: {
  groupId: string;
  names: string[] | null;
  token: string;
  player: PlayerConfig;
  onCopied: () => void;
}) {
  const [tab, setTab] = useState<SnippetId>('group');
  const url = buildPlayoutUrl({ groupId, token }, player);
  const code: Record<SnippetId, string | null> = {
    group: buildGroupSnippet({ groupId, token }, player),
    entries: names ? buildEntriesSnippet({ streamNames: names, token }, player) : null,
    iframe: buildIframeEmbed({ groupId, token }, player),
  };
  const labels: Record<SnippetId, string> = {
    group: 'Player snippet (group config)',
    entries: 'Player snippet (entries config)',
    iframe: 'iframe embed code',
  };
  const copyLabels: Record<SnippetId, string> = {
    group: 'Copy group config snippet',
    entries: 'Copy entries config snippet',
    iframe: 'Copy iframe embed code',
  };
  const current = code[tab];
  return (
    <Stack spacing={2}>
      <PlayoutUrlBlock url={url} onCopied={onCopied} />
      <Box>
        <Tabs
          value={tab}
          onChange={(_, value: SnippetId) => setTab(value)}
          aria-label="Player snippets"
          variant="scrollable"
          allowScrollButtonsMobile
          sx={{ borderBottom: 1, borderColor: 'divider', mb: 1.5 }}
        >
          {SNIPPETS.map((snippet) => (
            <Tab
              key={snippet.id}
              value={snippet.id}
              label={snippet.label}
              id={`snippet-tab-${snippet.id}`}
              aria-controls={`snippet-panel-${snippet.id}`}
            />
          ))}
        </Tabs>
        <Box role="tabpanel" id={`snippet-panel-${tab}`} aria-labelledby={`snippet-tab-${tab}`}>
          {current === null ? (
            <Typography color="text.secondary">Loading the stream names of the group…</Typography>
          ) : (
            <CodeBlock
              key={tab}
              label={labels[tab]}
              code={current}
              copyLabel={copyLabels[tab]}
              maxHeight={280}
              wrap={tab === 'iframe'}
              onCopied={onCopied}
            />
          )}
        </Box>
      </Box>
    </Stack>
  );
}

/** The web playout URL and player snippets, all carrying the new token. */
export function TokenPlayouts({
  created,
  player,
  onCopied,
}: {
  created: CreatedToken;
  player: PlayerConfig;
  /** Something carrying the token was copied. */
  onCopied: () => void;
}) {
  const { response, streams, preferred } = created;
  const { token, record } = response;
  const target = record.target;
  const [chosen, setChosen] = useState<Stream | null>(() =>
    initialStream(target, streams, preferred),
  );
  // A group token: the group's head stream (its id is the group id) lists the renditions.
  const group = useStream(target.type === 'group' ? target.groupId : undefined);

  const covered = target.type === 'streams' ? streams : [];
  const groupId = target.type === 'group' ? target.groupId : chosen?.groupId;
  const names =
    target.type === 'streams'
      ? target.streams
      : target.type === 'group'
        ? group.data
          ? entryNames(group.data)
          : group.isError
            ? [target.groupId]
            : null
        : chosen
          ? entryNames(chosen)
          : null;

  return (
    <Stack spacing={2}>
      <Typography variant="h3" component="h3">
        Playback with this token
      </Typography>
      {target.type === 'streams' && covered.length > 1 && (
        <TextField
          select
          label="Stream for the URL"
          value={chosen?.id ?? ''}
          onChange={(event) => setChosen(covered.find((s) => s.id === event.target.value) ?? null)}
          helperText="The token plays all its streams; the URL and group config open one of them."
        >
          {covered.map((stream) => (
            <MenuItem key={stream.id} value={stream.id}>
              <ForeignText value={stream.name} />
            </MenuItem>
          ))}
        </TextField>
      )}
      {target.type === 'organisation' && <StreamChooser value={chosen} onChange={setChosen} />}
      {(record.ip || record.domain) && (
        <Alert severity="info" role="note">
          This token is bound to {record.ip ? `the client IP ${record.ip}` : ''}
          {record.ip && record.domain ? ' and ' : ''}
          {record.domain ? `the domain ${record.domain}` : ''}: the web playout link (a demo player
          on another domain) will not play the stream. Use the snippets in your own page.
        </Alert>
      )}
      {groupId ? (
        <Links groupId={groupId} names={names} token={token} player={player} onCopied={onCopied} />
      ) : (
        <Typography color="text.secondary">
          {target.type === 'organisation'
            ? 'Choose a stream to see its web playout URL and player snippets.'
            : 'The playout URL needs the stream’s id, which is not known here. Use the token in your player’s security.jwtoken setting.'}
        </Typography>
      )}
    </Stack>
  );
}
