import {
  Alert,
  Box,
  Card,
  CardContent,
  CircularProgress,
  Grid,
  Paper,
  Stack,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useIdlePreload } from '@/components/idle-warm-up.ts';
import { useSearchParams } from '@/lib/navigation.tsx';
import { useToken } from '../api/get-token.ts';
import { ForeignText } from '@/components/foreign-text.tsx';
import { describeTarget } from '@/lib/describe-target.ts';
import { similarTokenValues } from './similar-token.ts';
import { PageHeader } from '@/components/page-header.tsx';
import { TokenForm } from './token-form/token-form.tsx';
import { TokenFormGate } from './token-form/token-form-gate.tsx';
import type { CreatedToken } from './token-form/types.ts';
import type { TokenCreatedDialog as Dialog } from './token-created-dialog/token-created-dialog.tsx';

let loadingDialog: Promise<typeof Dialog> | undefined;

/** The show-once dialog's code, loaded once; a failed load is tried again on the next call. */
function loadDialog() {
  loadingDialog ??= import('./token-created-dialog/token-created-dialog.tsx').then(
    (module) => module.TokenCreatedDialog,
    (error: unknown) => {
      loadingDialog = undefined;
      throw error;
    },
  );
  return loadingDialog;
}

function GoodToKnow() {
  return (
    <Card component="aside" aria-labelledby="good-to-know">
      <CardContent>
        <Typography id="good-to-know" variant="h3" component="h2" gutterBottom>
          Good to know
        </Typography>
        <Stack component="ul" spacing={1.5} sx={{ m: 0, pl: 2.5, color: 'text.secondary' }}>
          <li>
            <Typography variant="body2">
              A token is shown <strong>only once</strong>, right after it is created. Copy it before
              you close the dialog.
            </Typography>
          </li>
          <li>
            <Typography variant="body2">
              Prefer short lifetimes. Up to 24 hours is typical for production; the default of 14
              days suits tests and previews.
            </Typography>
          </li>
          <li>
            <Typography variant="body2">
              Only revocable tokens can be revoked (by you or an admin), and they last at most 24
              hours.
            </Typography>
          </li>
          <li>
            <Typography variant="body2">
              With a client IP or domain restriction the demo player link will not play; test in
              your own page.
            </Typography>
          </li>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** "Secure playback token" in the side navigation: the form as a page. */
export function CreateTokenPage() {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  // The show-once dialog loads while the page is idle; the form waits for it before it asks for
  // a token, so the token never arrives with nothing to show it.
  const [TokenCreatedDialog, setDialog] = useState<typeof Dialog | null>(null);
  const dialogReady = useCallback(() => loadDialog().then((loaded) => setDialog(() => loaded)), []);
  useIdlePreload(dialogReady);
  // A fresh form (fresh defaults, fresh idempotency key) after each token.
  const [formKey, setFormKey] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const [focusHeading, setFocusHeading] = useState(0);
  // "Create a similar token": the form starts from that token's options (?similar=<id>).
  const [params, setParams] = useSearchParams();
  const similarId = params.get('similar');
  const similar = useToken(similarId);
  const initialValues = useMemo(
    () => (similar.data ? similarTokenValues(similar.data) : undefined),
    [similar.data],
  );

  useEffect(() => {
    if (focusHeading > 0) heading.current?.focus();
  }, [focusHeading]);

  return (
    <Stack spacing={3}>
      <PageHeader
        headingRef={heading}
        title="Secure playback token"
        description="Create a signed token that lets viewers play your streams, for as long and from where you allow."
      />
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, lg: 8 }}>
          <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
            <TokenFormGate>
              {similarId && similar.isPending ? (
                <Box sx={{ display: 'flex', justifyContent: 'center', py: 6 }}>
                  <CircularProgress aria-label="Loading the token to start from" />
                </Box>
              ) : (
                <>
                  {similar.data && (
                    <Alert severity="info" sx={{ mb: 3 }}>
                      Starting from the token for {describeTarget(similar.data.target)}
                      {similar.data.tag && (
                        <>
                          , tag <ForeignText value={similar.data.tag} />
                        </>
                      )}
                      : the same options and lifetime, counted from now. This creates a new token;
                      the old one is unchanged.
                    </Alert>
                  )}
                  {similarId && similar.isError && (
                    <Alert severity="warning" sx={{ mb: 3 }}>
                      The token to start from could not be loaded; the form starts empty.
                    </Alert>
                  )}
                  <TokenForm
                    key={`${formKey}:${similar.data?.id ?? ''}`}
                    initialValues={initialValues}
                    beforeCreate={dialogReady}
                    onCreated={setCreated}
                  />
                </>
              )}
            </TokenFormGate>
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, lg: 4 }}>
          <Box sx={{ position: { lg: 'sticky' }, top: { lg: 88 } }}>
            <GoodToKnow />
          </Box>
        </Grid>
      </Grid>
      {created && TokenCreatedDialog && (
        <TokenCreatedDialog
          created={created}
          disableRestoreFocus
          onClose={() => {
            setCreated(null);
            if (similarId) setParams(new URLSearchParams(), { replace: true });
            setFormKey((key) => key + 1);
            setFocusHeading((n) => n + 1);
          }}
        />
      )}
    </Stack>
  );
}
