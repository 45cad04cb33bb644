import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useIdleWarmUp } from '../idle-warm-up.ts';

/** Records every value the hook returned, render by render. */
function Probe({ enabled, seen }: { enabled: boolean; seen: boolean[] }) {
  seen.push(useIdleWarmUp(enabled));
  return null;
}

type IdleWindow = Record<'requestIdleCallback' | 'cancelIdleCallback', unknown>;
const idleWindow = window as unknown as IdleWindow;

const withIdleCallback = () => {
  let idle: (() => void) | undefined;
  idleWindow.requestIdleCallback = (callback: () => void) => {
    idle = callback;
    return 1;
  };
  idleWindow.cancelIdleCallback = () => {};
  return { runIdle: () => act(() => idle?.()) };
};

/** Lets the transition render and the next animation frame run. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 100)));

afterEach(() => {
  delete idleWindow.requestIdleCallback;
  delete idleWindow.cancelIdleCallback;
});

describe('useIdleWarmUp', () => {
  it('should be true for one render once the page is idle, then never again', async () => {
    const { runIdle } = withIdleCallback();
    const seen: boolean[] = [];
    const view = render(<Probe enabled seen={seen} />);
    expect(seen.every((value) => !value)).toBe(true);
    await runIdle();
    await settle();
    expect(seen).toContain(true);
    expect(seen.at(-1)).toBe(false);
    const warmRenders = seen.filter(Boolean).length;
    view.rerender(<Probe enabled seen={seen} />);
    await runIdle();
    await settle();
    expect(seen.filter(Boolean).length).toBe(warmRenders);
    expect(seen.at(-1)).toBe(false);
  });

  it('should not warm up while disabled (the dialog is open)', async () => {
    const { runIdle } = withIdleCallback();
    const seen: boolean[] = [];
    render(<Probe enabled={false} seen={seen} />);
    await runIdle();
    await settle();
    expect(seen).not.toContain(true);
  });

  it('should skip the warm-up where the browser has no requestIdleCallback', async () => {
    const seen: boolean[] = [];
    render(<Probe enabled seen={seen} />);
    await settle();
    expect(seen).not.toContain(true);
  });
});
