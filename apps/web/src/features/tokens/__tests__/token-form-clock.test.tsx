import { fireEvent, screen, waitFor } from '@testing-library/react';
import dayjs from 'dayjs';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler, type CreateTokenCall } from '@/testing/token-create-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';
import { CreateTokenPage } from '../components/create-token-page.tsx';

const NOW = new Date('2026-03-02T09:30:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The BFF's clock is `skewMs` off the browser's: positive when the browser runs behind. */
function serverClockOff(skewMs: number) {
  server.use(
    http.get('/api/session', () =>
      HttpResponse.json(
        sessionFor('editor', { serverTime: new Date(Date.now() + skewMs).toISOString() }),
      ),
    ),
  );
}

async function renderForm() {
  const view = renderWithProviders(<CreateTokenPage />, { route: '/tokens/new' });
  await screen.findByRole('form', { name: 'Secure playback token' });
  await chooseStream(view.user, 'Stage1', /DmoEv-Stage1/);
  return view;
}

const submit = () => screen.getByRole('button', { name: 'Create secure playback token' });
const expiryInput = () => screen.getByLabelText(/Expires \(your local time\)/);
const pick = (ms: number) =>
  fireEvent.change(expiryInput(), { target: { value: dayjs(ms).format('YYYY-MM-DDTHH:mm') } });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Token form: presets and a browser clock that is off', () => {
  it.each([
    ['ahead of', -5 * MINUTE],
    ['behind', 5 * MINUTE],
  ])(
    'should create a revocable token with the browser 5 minutes %s the server',
    async (_label, skew) => {
      serverClockOff(skew);
      const calls: CreateTokenCall[] = [];
      server.use(createTokenHandler(calls));
      const { user } = await renderForm();
      await user.click(screen.getByRole('switch', { name: 'Revocable' }));
      await user.click(submit());

      expect(
        await screen.findByRole('dialog', { name: 'Secure playback token created' }),
      ).toBeVisible();
      expect(calls[0]!.body).toMatchObject({ revocable: true, expiresIn: 86_400 });
      expect(calls[0]!.body).not.toHaveProperty('expiresAt');
    },
  );

  it('should send "1 hour" and "365 days" as durations the server counts from minting', async () => {
    serverClockOff(-5 * MINUTE);
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    await user.click(screen.getByRole('button', { name: '365 days' }));
    await user.click(submit());
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toMatchObject({ expiresIn: 365 * 86_400 });
    expect(calls[0]!.body).not.toHaveProperty('expiresAt');
  });

  it('should send one hour as 3600 seconds however long the form was open', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    await user.click(screen.getByRole('button', { name: '1 hour' }));
    vi.setSystemTime(Date.now() + 4_000);
    await user.click(submit());
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toMatchObject({ expiresIn: 3600 });
  });
});

describe('Token form: a hand-picked expiry is judged by the server’s clock', () => {
  it('should accept a revocable expiry that is within 24 hours by the server’s clock', async () => {
    // The browser runs 5 minutes behind: 24 h 2 min by its clock is 23 h 57 min by the server's.
    serverClockOff(5 * MINUTE);
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    const picked = dayjs(Date.now() + 24 * HOUR + 2 * MINUTE).startOf('minute');
    pick(picked.valueOf());
    await user.click(submit());
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toMatchObject({ revocable: true, expiresAt: picked.toISOString() });
    expect(calls[0]!.body).not.toHaveProperty('expiresIn');
  });

  it('should refuse, as it is picked, an expiry beyond 24 hours by the server’s clock', async () => {
    // The browser runs 5 minutes ahead: 23 h 58 min by its clock is 24 h 3 min by the server's.
    serverClockOff(-5 * MINUTE);
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    pick(Date.now() + 24 * HOUR - 2 * MINUTE);
    expect(
      await screen.findByText(/a revocable token can be valid for at most 24 hours/),
    ).toBeInTheDocument();
    await user.click(submit());
    expect(calls).toHaveLength(0);
  });

  it('should offer at most 24 hours ahead by the server’s clock in the date picker', async () => {
    serverClockOff(-5 * MINUTE);
    const { user } = await renderForm();
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    const serverNow = Date.now() - 5 * MINUTE;
    expect(expiryInput()).toHaveAttribute(
      'max',
      dayjs(serverNow + 24 * HOUR).format('YYYY-MM-DDTHH:mm'),
    );
  });
});

describe('Token form: a not-before of "now" on a browser clock that is off', () => {
  const notBeforeInput = () => screen.getByLabelText(/Not before/);
  const pickNotBefore = (ms: number) =>
    fireEvent.change(notBeforeInput(), {
      target: { value: dayjs(ms).format('YYYY-MM-DDTHH:mm') },
    });

  it('should send the current minute of a clock 2 minutes fast as now by the server’s clock, not 2 minutes later', async () => {
    serverClockOff(-2 * MINUTE);
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    pickNotBefore(Date.now());
    const summary = screen.getByRole('group', { name: 'Not before' });
    expect(summary).toHaveTextContent('Now, by the dashboard server’s clock');
    expect(summary).not.toHaveTextContent(/in \d+ minutes?|in a minute/);
    await user.click(submit());
    await waitFor(() => expect(calls).toHaveLength(1));
    const sent = Date.parse(calls[0]!.body.notBefore as string);
    const serverNow = Date.now() - 2 * MINUTE;
    expect(sent).toBeLessThanOrEqual(serverNow);
    expect(sent).toBeGreaterThan(serverNow - MINUTE);
  });

  it('should send the current minute of a clock 2 minutes slow as picked: already past, accepted', async () => {
    serverClockOff(2 * MINUTE);
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    const picked = dayjs(Date.now()).startOf('minute');
    pickNotBefore(picked.valueOf());
    await user.click(submit());
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toMatchObject({ notBefore: picked.toISOString() });
  });

  it('should keep a not-before later than the browser’s now as picked', async () => {
    serverClockOff(-2 * MINUTE);
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    const picked = dayjs(Date.now() + 10 * MINUTE).startOf('minute');
    pickNotBefore(picked.valueOf());
    await user.click(submit());
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toMatchObject({ notBefore: picked.toISOString() });
  });
});
