import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { setCsrfToken } from '@/lib/api-client.ts';
import { server } from './server.ts';
import { fileRulesBySelector } from './style-rule-index.ts';

// CI machines are shared and slow: wait up to 5 s for what the UI will show, not the default 1 s.
configure({ asyncUtilTimeout: 5_000 });

// Computed styles match only the rules that could apply (style-rule-index.ts).
fileRulesBySelector(window);

const originalError = console.error;
/** console.error calls of the running test that no test expected. */
let unexpectedErrors: string[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  sessionStorage.clear();
  localStorage.clear();
  // Each test is a fresh page load: no session known yet.
  setCsrfToken(null);
  const errors = unexpectedErrors;
  unexpectedErrors = [];
  if (errors.length > 0) throw new Error(errors.join('\n'));
});
afterAll(() => server.close());

// An unexpected console.error is a defect: fail the test that caused it. Installed before each
// test, so that a file's `vi.restoreAllMocks()` or a test's own `mockImplementation` (to expect
// one error) ends with that test. The call also throws, failing the test at its source; calls
// whose throw something caught and swallowed fail the test after it.
beforeEach(() => {
  unexpectedErrors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    originalError(...args);
    const message = `console.error was called: ${String(args[0])}`;
    unexpectedErrors.push(message);
    throw new Error(message);
  });
});
