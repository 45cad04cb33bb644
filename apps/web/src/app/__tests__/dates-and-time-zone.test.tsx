import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TABLE_TIME_ZONE_KEY } from '@/lib/table-time-zone.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { tokenPage, tokenRecord } from '@/testing/token-fixtures.ts';

const HOUR = 3_600_000;
// 30 Nov 2026 01:26 UTC, two hours before "now" of the browser below.
const CREATED = '2026-11-30T01:26:00.000Z';
const EXPIRES = '2026-12-12T01:26:00.000Z';

const serveLedger = () =>
  server.use(
    http.get('/api/tokens', () =>
      HttpResponse.json(tokenPage([tokenRecord({ createdAt: CREATED, expiresAt: EXPIRES })])),
    ),
  );

// A browser in Germany: German first, and the German time zone is not UTC.
beforeAll(() => {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE', 'de', 'en']);
  vi.setSystemTime(Date.parse(CREATED) + 2 * HOUR);
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const tokensTable = () => screen.findByRole('table', { name: 'Playback tokens' });

describe('Dates in the browser’s language, times in the staff member’s zone', () => {
  it('should show dates and relative times in German under de-DE', async () => {
    serveLedger();
    renderApp('/tokens');
    const table = await tokensTable();
    expect(within(table).getByText('vor 2 Stunden')).toBeVisible();
    expect(within(table).getByText('in 12 Tagen')).toBeVisible();
    // German order and month names: "30. Nov. 2026 02:26" (Berlin) — whatever the test zone, "Nov." and the day's dot.
    expect(within(table).getAllByText(/^\d{1,2}\. (Nov|Dez)\. 2026 \d{2}:\d{2}$/)).toHaveLength(2);
  });

  it('should show table times in UTC once chosen, and still after a reload', async () => {
    serveLedger();
    const first = renderApp('/tokens');
    await tokensTable();
    await first.user.click(screen.getByRole('button', { name: /^Account:/ }));
    await first.user.click(await screen.findByRole('menuitemradio', { name: 'UTC' }));
    expect(localStorage.getItem(TABLE_TIME_ZONE_KEY)).toBe('utc');
    const table = await tokensTable();
    await waitFor(() => expect(within(table).getByText('30. Nov. 2026 01:26 UTC')).toBeVisible());
    expect(within(table).getByText('12. Dez. 2026 01:26 UTC')).toBeVisible();
    first.unmount();

    renderApp('/tokens');
    expect(await within(await tokensTable()).findByText('30. Nov. 2026 01:26 UTC')).toBeVisible();
  });
});
