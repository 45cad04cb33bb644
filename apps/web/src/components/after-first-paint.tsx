import { startTransition, useEffect, useState, type ReactNode } from 'react';

/**
 * Shows `fallback` at once and renders `children` after the next frame, as a transition: a
 * heavy subtree (the token form) then no longer holds back the first paint of what contains it
 * (the dialog opens at once, the form follows a moment later, without blocking input).
 */
export function AfterFirstPaint({
  children,
  fallback,
}: {
  children: ReactNode;
  fallback: ReactNode;
}) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => startTransition(() => setReady(true)));
    return () => cancelAnimationFrame(frame);
  }, []);
  return ready ? children : fallback;
}
