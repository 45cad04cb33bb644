import VpnKeyOutlinedIcon from '@mui/icons-material/VpnKeyOutlined';
import type { Stream, TokenTarget } from '@ptd/contracts';
import { Suspense, useEffect, useRef, useState } from 'react';
import { foreignLabel } from '@ptd/contracts';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';
import { navigate, useLocation, useParams } from '@/lib/navigation.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { useStream } from '@/features/streams/api/get-stream.ts';
import type { AppliedPlaybackToken } from '@/features/streams/applied-token.ts';
import { StreamOverview } from '@/features/streams/components/stream-overview.tsx';
import type { StreamLocationState } from '@/features/streams/stream-location-state.ts';
import { CreateTokenAction } from '@/features/tokens/components/create-token-action.tsx';

// The token form is fetched once the stream is on screen, not before: the overview renders
// without it, and it is there well before anyone has found the button.
const loadDialog = () => import('@/features/tokens/components/create-token-dialog.tsx');
const CreateTokenDialog = lazyRetrying(() =>
  loadDialog().then((module) => module.CreateTokenDialog),
);

/** Whether a token opens this stream (then it can be applied to its playout URL). */
function covers(target: TokenTarget, stream: Stream): boolean {
  if (target.type === 'organisation') return true;
  if (target.type === 'group') return target.groupId === stream.groupId;
  const names = new Set([stream.name, ...stream.playout.map((entry) => entry.streamName)]);
  return target.streams.some((name) => names.has(name));
}

/**
 * A stream's overview with the token flow: "Create secure playback token" opens the dialog
 * with this stream preselected, and a token created here is applied to the playout URL and
 * snippet — in this component's state only, so it is gone when the page is left.
 */
export function StreamOverviewRoute() {
  const { streamId = '' } = useParams<{ streamId?: string }>();
  const stream = useStream(streamId).data;
  const location = useLocation();
  const { notify } = useNotifier();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [applied, setApplied] = useState<(AppliedPlaybackToken & { streamId: string }) | null>(
    null,
  );
  const playoutsHeading = useRef<HTMLHeadingElement>(null);
  const createdHere = useRef(false);
  const [focusPlayouts, setFocusPlayouts] = useState(0);

  // "Secure with a playback token right away" from Create stream: open once the stream exists.
  const secureNow = (location.state as StreamLocationState | null)?.secureWithToken === true;
  useEffect(() => {
    if (!secureNow || !stream) return;
    setDialogOpen(true);
    // Forget the request, so that Back or a reload does not open the dialog again.
    navigate(location.pathname + location.search, { replace: true, state: null });
  }, [secureNow, stream, location.pathname, location.search]);

  useEffect(() => {
    if (focusPlayouts > 0) playoutsHeading.current?.focus();
  }, [focusPlayouts]);

  useEffect(() => {
    if (stream) void loadDialog();
  }, [stream]);

  const token = applied && applied.streamId === streamId ? applied : null;

  return (
    <>
      <StreamOverview
        streamId={streamId}
        token={token}
        onRemoveToken={() => setApplied(null)}
        playoutsHeadingRef={playoutsHeading}
        actions={
          stream && (
            <CreateTokenAction
              startIcon={<VpnKeyOutlinedIcon />}
              onClick={() => setDialogOpen(true)}
            />
          )
        }
        // nanoStream's own dashboard has it there too ("Go to Playouts and press Create…").
        playoutsAction={
          stream && (
            <CreateTokenAction
              variant="outlined"
              startIcon={<VpnKeyOutlinedIcon />}
              onClick={() => setDialogOpen(true)}
            />
          )
        }
      />
      {stream && (
        <Suspense fallback={null}>
          <CreateTokenDialog
            open={dialogOpen}
            stream={stream}
            restoreFocus={false}
            onCreated={({ response }) => {
              createdHere.current = true;
              if (covers(response.record.target, stream)) {
                setApplied({
                  streamId: stream.id,
                  token: response.token,
                  expiresAt: response.record.expiresAt,
                  tag: response.record.tag,
                });
              } else {
                notify(
                  `The new token does not play ${foreignLabel(stream.name)}, so it was not applied to this page.`,
                  'info',
                );
              }
            }}
            // The user chose not to keep it: it must not stay in this page's URL and snippet.
            onDiscarded={() => setApplied(null)}
            onClose={() => {
              setDialogOpen(false);
              // After a token: show where it went. After Cancel, MUI returns focus to the opener.
              if (createdHere.current) {
                createdHere.current = false;
                setFocusPlayouts((n) => n + 1);
              }
            }}
          />
        </Suspense>
      )}
    </>
  );
}
