import type { BrowserContext } from 'playwright-core';

/**
 * The BFF's API as the signed-in browser context calls it (its session cookie, the CSRF token
 * from the session): for a test's setup that is not what the test is about.
 */
export async function staffApi(context: BrowserContext) {
  const session = await context.request.get('/api/session');
  if (!session.ok()) throw new Error(`no session: ${session.status()}`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  return {
    async post<T>(path: string, body: unknown): Promise<T> {
      const response = await context.request.post(`/api${path}`, {
        data: body,
        headers: { 'x-csrf-token': csrfToken, 'idempotency-key': crypto.randomUUID() },
      });
      if (!response.ok()) {
        throw new Error(`${path} answered ${response.status()}: ${await response.text()}`);
      }
      return (await response.json()) as T;
    },
  };
}
