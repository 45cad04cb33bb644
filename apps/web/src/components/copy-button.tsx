import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Button, IconButton, Tooltip } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useNotifier } from './notifier.tsx';

interface CopyButtonProps {
  /** What is copied. Read only when clicked. */
  text: string;
  /** Accessible name, e.g. "Copy token"; "Copied" replaces "Copy" for a moment after a copy. */
  label: string;
  /** `icon` for tight spots (a tooltip shows the label); `button` shows "Copy"/"Copied". */
  variant?: 'icon' | 'button';
  size?: 'small' | 'medium';
  /** Called once the text is on the clipboard. */
  onCopied?: () => void;
  /** A smaller icon button, for an id inside a table cell. */
  dense?: boolean;
}

const FEEDBACK_MS = 2000;

/** "Stream name" → "Copy stream name"; acronyms stay: "RTMP URL" → "Copy RTMP URL". */
export function copyLabelFor(label: string): string {
  const lowered = /^[A-Z][a-z]/.test(label) ? label[0]?.toLowerCase() + label.slice(1) : label;
  return `Copy ${lowered}`;
}

/** Copies to the clipboard and says so ("Copied") on the button and to screen readers. */
export function CopyButton({
  text,
  label,
  variant = 'button',
  size = 'small',
  onCopied,
  dense = false,
}: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { notify } = useNotifier();

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      onCopied?.();
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), FEEDBACK_MS);
    } catch {
      notify(
        'The browser did not allow copying. Select the text and press Ctrl+C (⌘C on a Mac).',
        'warning',
      );
    }
  };

  const name = copied ? label.replace(/^Copy\b/, 'Copied') : label;
  const iconSize = dense ? 'inherit' : 'small';
  const icon = copied ? <CheckIcon fontSize={iconSize} /> : <ContentCopyIcon fontSize={iconSize} />;

  return (
    <>
      {variant === 'icon' ? (
        <Tooltip title={name}>
          <IconButton
            aria-label={name}
            size={size}
            onClick={copy}
            color={copied ? 'success' : 'default'}
            sx={dense ? { p: 0.5, fontSize: 16 } : undefined}
          >
            {icon}
          </IconButton>
        </Tooltip>
      ) : (
        <Button
          aria-label={name}
          size={size}
          variant="outlined"
          color={copied ? 'success' : 'primary'}
          startIcon={icon}
          onClick={copy}
          sx={{ flexShrink: 0, minWidth: 96 }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      )}
      <span role="status" className="visually-hidden">
        {copied ? 'Copied to the clipboard' : ''}
      </span>
    </>
  );
}
