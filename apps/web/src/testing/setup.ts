import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { setCsrfToken } from '@/lib/api-client.ts';
import { server } from './server.ts';

// CI machines are shared and slow: wait up to 5 s for what the UI will show, not the default 1 s.
configure({ asyncUtilTimeout: 5_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  sessionStorage.clear();
  localStorage.clear();
  // Each test is a fresh page load: no session known yet.
  setCsrfToken(null);
});
afterAll(() => server.close());

// An unexpected console.error is a defect: fail the test that caused it.
const originalError = console.error;
beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    originalError(...args);
    throw new Error(`console.error was called: ${String(args[0])}`);
  });
});
