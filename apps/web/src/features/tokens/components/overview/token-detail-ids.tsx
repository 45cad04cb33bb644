import { Box } from '@mui/material';
import { Fragment } from 'react';
import { CopyButton } from '@/components/copy-button.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { monospace } from '@/lib/theme.ts';
import { useStreamGroup } from '@/features/tokens/api/stream-groups.ts';

/** An id in full (it may break anywhere: it has no words), with a button to copy it. */
export function WholeId({
  value,
  label,
  monospaced = false,
}: {
  value: string;
  label: string;
  monospaced?: boolean;
}) {
  return (
    <Box component="span">
      <Box
        component="span"
        sx={{ overflowWrap: 'anywhere', ...(monospaced ? { fontFamily: monospace } : {}) }}
      >
        <ForeignText value={value} />
      </Box>{' '}
      <CopyButton text={value} label={`Copy ${label}`} variant="icon" dense />
    </Box>
  );
}

/** The group's id, and the streams it plays when bintu names them. */
export function GroupDetail({ groupId }: { groupId: string }) {
  const group = useStreamGroup(groupId).data;
  return (
    <>
      <Box component="span" sx={{ display: 'block' }}>
        Stream group
        {group?.name && (
          <>
            {' '}
            <ForeignText value={group.name} />
          </>
        )}
      </Box>
      {group && group.streams.length > 0 && (
        <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>
          Streams:{' '}
          {group.streams.map((name, index) => (
            <Fragment key={name}>
              {index > 0 && ', '}
              <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
                <ForeignText value={name} />
              </Box>
            </Fragment>
          ))}
        </Box>
      )}
      <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>
        ID <WholeId value={groupId} label="stream group ID" monospaced />
      </Box>
    </>
  );
}
