import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Alert, Button, Stack, Typography } from '@mui/material';
import {
  buildViewerIframeSnippet,
  buildViewerPlayerSnippet,
  foreignLabel,
  GROUP_ID_PLACEHOLDER,
  type PlaybackPolicy,
  playbackTokenUrl,
  type PlayerConfig,
  viewerExampleUrl,
} from '@ptd/contracts';
import { CodeBlock } from '@/components/code-block.tsx';
import { CopyField } from '@/components/copy-field.tsx';

interface PolicySnippetsProps {
  policy: PlaybackPolicy;
  player: PlayerConfig;
  /** Where viewers' browsers reach the dashboard (its public origin). */
  origin: string;
}

/** What a customer's page needs: the endpoint, the page snippets and the example page. */
export function PolicySnippets({ policy, player, origin }: PolicySnippetsProps) {
  const input = {
    origin,
    policyId: policy.id,
    target: policy.target,
    identityRequired: policy.identity.mode !== 'none',
    player,
  };
  const iframe = buildViewerIframeSnippet(input);
  const example = viewerExampleUrl(origin, policy.id);
  return (
    <Stack spacing={2.5}>
      <Typography variant="body2" color="text.secondary">
        Paste a snippet into a page served from {policy.allowedOrigins.join(', ')} (exactly: the
        same scheme, host and port). It asks the dashboard for a token bound to the viewer and
        starts the player with it.
        {policy.identity.mode !== 'none' &&
          ' Replace <VIEWER-IDENTITY-JWT> with the signed-in viewer’s identity from your site.'}
      </Typography>
      {policy.target.type === 'organisation' && (
        <Alert severity="info" variant="outlined">
          Replace {GROUP_ID_PLACEHOLDER} with the stream group the page plays.
        </Alert>
      )}
      <CopyField label="Token endpoint (POST)" value={playbackTokenUrl(origin)} />
      <CodeBlock
        label="Page snippet: H5Live player"
        code={buildViewerPlayerSnippet(input)}
        maxHeight={320}
      />
      {iframe && (
        <CodeBlock label="Page snippet: player in an iframe" code={iframe} maxHeight={240} />
      )}
      <CodeBlock
        label="Example viewer page"
        code={example}
        wrap
        actions={
          <Button
            size="small"
            variant="outlined"
            startIcon={<OpenInNewIcon />}
            href={example}
            target="_blank"
            rel="noopener"
            aria-label={`Open the example viewer page for ${foreignLabel(policy.name)}`}
          >
            Open
          </Button>
        }
      />
    </Stack>
  );
}
