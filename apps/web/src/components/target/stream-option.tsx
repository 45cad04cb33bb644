import { Box, Typography } from '@mui/material';
import type { Stream } from '@ptd/contracts';
import type { HTMLAttributes, Key } from 'react';
import { monospace } from '@/lib/theme.ts';

const describe = (stream: Stream) =>
  [
    stream.state,
    stream.abr ? 'ABR group' : stream.groupId !== stream.id ? 'rendition' : null,
    ...stream.tags,
  ]
    .filter(Boolean)
    .join(' · ');

/** An option in a stream search: the name, then state, kind and tags. */
export function StreamOption({
  props,
  name,
  stream,
}: {
  props: HTMLAttributes<HTMLLIElement> & { key?: Key };
  name: string;
  stream: Stream | undefined;
}) {
  const { key: _key, ...rest } = props;
  return (
    <Box component="li" {...rest} key={name}>
      <Box sx={{ minWidth: 0 }}>
        <Typography sx={{ fontFamily: monospace, fontSize: '0.9rem' }}>{name}</Typography>
        {stream && (
          <Typography variant="body2" color="text.secondary" noWrap>
            {describe(stream)}
          </Typography>
        )}
      </Box>
    </Box>
  );
}
