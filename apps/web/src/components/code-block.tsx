import { Box, Stack, Typography } from '@mui/material';
import { styled } from '@mui/material/styles';
import { useId, type ReactNode } from 'react';
import { monospace } from '@/lib/theme.ts';
import { CopyButton, copyLabelFor } from './copy-button.tsx';

const Code = styled('pre')(({ theme }) => ({
  margin: 0,
  padding: theme.spacing(1.25, 1.5),
  fontFamily: monospace,
  fontSize: '0.8125rem',
  lineHeight: 1.55,
  color: (theme.vars ?? theme).palette.text.primary,
  backgroundColor: (theme.vars ?? theme).palette.action.hover,
  border: `1px solid ${(theme.vars ?? theme).palette.divider}`,
  borderRadius: theme.shape.borderRadius,
  overflow: 'auto',
  '&:focus-visible': {
    outline: `2px solid ${(theme.vars ?? theme).palette.primary.main}`,
    outlineOffset: 2,
  },
}));

interface CodeBlockProps {
  /** Visible label above the code; also names the region and the copy button. */
  label: string;
  code: string;
  /** Accessible name of the copy button; default "Copy <label>". */
  copyLabel?: string;
  /** Break long single-line values (tokens, URLs) anywhere instead of scrolling sideways. */
  wrap?: boolean;
  maxHeight?: number;
  /** Extra buttons beside the copy button, e.g. an "Open" link. */
  actions?: ReactNode;
  hideLabel?: boolean;
  /** Called once the code is on the clipboard. */
  onCopied?: () => void;
}

/** Monospace text people copy: a token, a URL, a player snippet. */
export function CodeBlock({
  label,
  code,
  copyLabel,
  wrap = false,
  maxHeight,
  actions,
  hideLabel = false,
  onCopied,
}: CodeBlockProps) {
  const labelId = useId();
  return (
    <Box>
      <Stack
        direction="row"
        spacing={1}
        sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 0.75, minHeight: 32 }}
      >
        <Typography
          id={labelId}
          variant="subtitle2"
          component="span"
          className={hideLabel ? 'visually-hidden' : undefined}
        >
          {label}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ flexShrink: 0, ml: 'auto' }}>
          {actions}
          <CopyButton text={code} label={copyLabel ?? copyLabelFor(label)} onCopied={onCopied} />
        </Stack>
      </Stack>
      <Code
        tabIndex={0}
        role="region"
        aria-labelledby={labelId}
        sx={{
          maxHeight,
          whiteSpace: wrap ? 'pre-wrap' : 'pre',
          wordBreak: wrap ? 'break-all' : 'normal',
        }}
      >
        {code}
      </Code>
    </Box>
  );
}
