import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Button } from '@mui/material';
import { CodeBlock } from './code-block.tsx';

/** The web playout URL with its copy button and an "Open" link to the player page. */
export function PlayoutUrlBlock({ url, onCopied }: { url: string; onCopied?: () => void }) {
  return (
    <CodeBlock
      label="Web playout URL"
      code={url}
      wrap
      onCopied={onCopied}
      actions={
        <Button
          size="small"
          variant="outlined"
          component="a"
          href={url}
          target="_blank"
          rel="noreferrer noopener"
          endIcon={<OpenInNewIcon fontSize="small" />}
          aria-label="Open the web playout URL in a new tab"
        >
          Open
        </Button>
      }
    />
  );
}
