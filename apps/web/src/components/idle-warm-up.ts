import { startTransition, useEffect, useState } from 'react';

type Phase = 'waiting' | 'warming' | 'done';

/**
 * True for one render, once the page has been idle for a moment (and only while `enabled`):
 * long enough to render something heavy out of sight (a dialog's form, say), so that its
 * styles are in the document and its code compiled before the user first opens it. The render
 * is a transition, so a click or a key press in the meantime goes first.
 *
 * Browsers without `requestIdleCallback` (and jsdom) skip the warm-up: it only saves time.
 */
export function useIdleWarmUp(enabled: boolean): boolean {
  const [phase, setPhase] = useState<Phase>('waiting');
  useEffect(() => {
    if (!enabled || phase !== 'waiting' || typeof window.requestIdleCallback !== 'function') {
      return;
    }
    const handle = window.requestIdleCallback(
      () => startTransition(() => setPhase((now) => (now === 'waiting' ? 'warming' : now))),
      { timeout: 3000 },
    );
    return () => window.cancelIdleCallback(handle);
  }, [enabled, phase]);
  useEffect(() => {
    if (phase !== 'warming') return;
    // Rendered and committed: let it go again.
    const frame = requestAnimationFrame(() => setPhase('done'));
    return () => cancelAnimationFrame(frame);
  }, [phase]);
  return enabled && phase === 'warming';
}

/**
 * Starts `load` once the page has been idle for a moment (at once where `requestIdleCallback`
 * is missing): the code an action needs (the dialog after Create) is then there before the
 * action. A failure is left to the action, which loads again and says what went wrong.
 */
export function useIdlePreload(load: () => Promise<unknown>): void {
  useEffect(() => {
    const start = () => void load().catch(() => {});
    if (typeof window.requestIdleCallback !== 'function') {
      const timer = setTimeout(start, 0);
      return () => clearTimeout(timer);
    }
    const handle = window.requestIdleCallback(start, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  }, [load]);
}
