import { Box, Typography } from '@mui/material';
import type { Stream } from '@ptd/contracts';
import type { HTMLAttributes, Key, ReactNode } from 'react';
import { ForeignText } from '@/components/foreign-text.tsx';
import { monospace } from '@/lib/theme.ts';

/** State, kind and tags, the tags (from nanoStream Cloud) each isolated. */
const describe = (stream: Stream): ReactNode[] =>
  [
    stream.state,
    stream.abr ? 'ABR group' : stream.groupId !== stream.id ? 'rendition' : null,
    ...stream.tags.map((tag) => <ForeignText key={tag} value={tag} />),
  ]
    .filter(Boolean)
    .flatMap((part, index) => (index === 0 ? [part] : [' · ', part]));

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
        <Typography sx={{ fontFamily: monospace, fontSize: '0.9rem' }}>
          <ForeignText value={name} />
        </Typography>
        {stream && (
          <Typography variant="body2" color="text.secondary" noWrap>
            {describe(stream)}
          </Typography>
        )}
      </Box>
    </Box>
  );
}
