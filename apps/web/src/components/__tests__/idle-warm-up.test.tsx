import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useIdleWarmUp } from '../idle-warm-up.ts';

/** Records every value the hook returned, render by render. */
function Probe({ enabled, seen }: { enabled: boolean; seen: boolean[] }) {
  seen.push(useIdleWarmUp(enabled));
  return null;
}

type IdleWindow = Record<'requestIdleCallback' | 'cancelIdleCallback', unknown>;
const idleWindow = window as unknown as IdleWindow;

/** The page's idle moment and its next animation frame, each run when the test says so. */
const withIdleCallback = () => {
  let idle: (() => void) | undefined;
  idleWindow.requestIdleCallback = (callback: () => void) => {
    idle = callback;
    return 1;
  };
  idleWindow.cancelIdleCallback = () => {};
  return { runIdle: () => act(() => idle?.()) };
};

const withFrames = () => {
  const frames = new Map<number, FrameRequestCallback>();
  let next = 0;
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => {
    frames.set(++next, callback);
    return next;
  });
  vi.spyOn(window, 'cancelAnimationFrame').mockImplementation((id) => void frames.delete(id));
  return {
    pending: () => frames.size,
    runFrames: () =>
      act(() => {
        const due = [...frames.values()];
        frames.clear();
        for (const callback of due) callback(performance.now());
      }),
  };
};

afterEach(() => {
  delete idleWindow.requestIdleCallback;
  delete idleWindow.cancelIdleCallback;
  vi.restoreAllMocks();
});

describe('useIdleWarmUp', () => {
  it('should be true for one render once the page is idle, then never again', async () => {
    const { runIdle } = withIdleCallback();
    const { runFrames } = withFrames();
    const seen: boolean[] = [];
    const view = render(<Probe enabled seen={seen} />);
    expect(seen.every((value) => !value)).toBe(true);
    await runIdle();
    expect(seen.at(-1)).toBe(true);
    await runFrames();
    expect(seen.at(-1)).toBe(false);
    const warmRenders = seen.filter(Boolean).length;
    view.rerender(<Probe enabled seen={seen} />);
    await runIdle();
    await runFrames();
    expect(seen.filter(Boolean).length).toBe(warmRenders);
    expect(seen.at(-1)).toBe(false);
  });

  it('should not warm up while disabled (the dialog is open)', async () => {
    const { runIdle } = withIdleCallback();
    const { runFrames, pending } = withFrames();
    const seen: boolean[] = [];
    render(<Probe enabled={false} seen={seen} />);
    await runIdle();
    expect(pending()).toBe(0);
    await runFrames();
    expect(seen).not.toContain(true);
  });

  it('should skip the warm-up where the browser has no requestIdleCallback', async () => {
    const { runFrames, pending } = withFrames();
    const seen: boolean[] = [];
    render(<Probe enabled seen={seen} />);
    await runFrames();
    expect(pending()).toBe(0);
    expect(seen).not.toContain(true);
  });
});
