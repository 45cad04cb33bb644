import { vi } from 'vitest';

/**
 * Every media query matches: the narrow-screen layout (cards instead of tables, full-screen
 * dialogs, messages across the width). Undo with `vi.unstubAllGlobals()`.
 */
export function onAPhone() {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: true,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }));
}
