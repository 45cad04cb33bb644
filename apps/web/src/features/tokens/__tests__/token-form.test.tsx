import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import dayjs from 'dayjs';
import { IPV6_REFUSAL } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  organisation,
  sampleStreams,
  sessionFor,
  streamFixture,
  streamPage,
} from '@/testing/fixtures.ts';
import { streamHandlers } from '@/testing/handlers.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler, type CreateTokenCall } from '@/testing/token-create-fixtures.ts';
import { CreateTokenPage } from '../components/create-token-page.tsx';

const NOW = new Date('2026-03-02T09:30:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function renderPage() {
  const view = renderWithProviders(<CreateTokenPage />, { route: '/tokens/new' });
  return view;
}

const form = () => screen.findByRole('form', { name: 'Secure playback token' });
const expiry = () => screen.getByRole('group', { name: 'Expiry' });
const preset = (name: string) => screen.getByRole('button', { name });
const submitButton = () => screen.getByRole('button', { name: 'Create secure playback token' });

async function chooseStream(
  user: ReturnType<typeof renderPage>['user'],
  text: string,
  name: string,
) {
  await user.type(screen.getByRole('combobox', { name: 'Streams' }), text);
  await user.click(await screen.findByRole('option', { name: new RegExp(name) }));
}

beforeEach(() => {
  // Only Date is faked (and keeps running), so defaults and "in N days" are predictable.
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Token form: defaults and expiry rules', () => {
  it('should default to 14 days ahead, shown in local time, UTC and "in 14 days"', async () => {
    renderPage();
    await form();
    expect(preset('14 days')).toHaveAttribute('aria-pressed', 'true');
    const summary = expiry();
    expect(summary).toHaveTextContent('2026-03-16 09:30:00 UTC');
    expect(summary).toHaveTextContent('in 14 days');
    expect(screen.getByRole('switch', { name: 'Revocable' })).not.toBeChecked();
    expect(screen.getByRole('switch', { name: 'Force disconnect on expiry' })).not.toBeChecked();
    expect(screen.getByRole('radio', { name: 'Stream(s)' })).toBeChecked();
  });

  it('should set the expiry from each preset', async () => {
    const { user } = renderPage();
    await form();
    const cases: Array<[string, string, string]> = [
      ['1 hour', '2026-03-02 10:30:00 UTC', 'in 1 hour'],
      ['24 hours', '2026-03-03 09:30:00 UTC', 'in 24 hours'],
      ['7 days', '2026-03-09 09:30:00 UTC', 'in 7 days'],
      ['30 days', '2026-04-01 09:30:00 UTC', 'in 30 days'],
      ['365 days', '2027-03-02 09:30:00 UTC', 'in 365 days'],
    ];
    for (const [name, utc, relative] of cases) {
      await user.click(preset(name));
      expect(preset(name)).toHaveAttribute('aria-pressed', 'true');
      expect(expiry()).toHaveTextContent(utc);
      expect(expiry()).toHaveTextContent(relative);
    }
  });

  it('should move a default expiry to 24 hours when Revocable is switched on, and say so', async () => {
    const { user } = renderPage();
    await form();
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));

    expect(expiry()).toHaveTextContent('in 24 hours');
    expect(
      screen.getByText(/revocable token is valid for at most 24 hours, so the expiry moved/),
    ).toBeInTheDocument();
    for (const name of ['7 days', '14 days', '30 days', '365 days']) {
      expect(preset(name)).toBeDisabled();
    }
    expect(preset('1 hour')).toBeEnabled();

    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    expect(expiry()).toHaveTextContent('in 14 days');
    expect(preset('30 days')).toBeEnabled();
  });

  it('should cap a longer chosen expiry at 24 hours when Revocable is switched on', async () => {
    const { user } = renderPage();
    await form();
    await user.click(preset('30 days'));
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    expect(expiry()).toHaveTextContent('in 24 hours');
    expect(screen.getByText(/so the expiry moved to 24 hours from now/)).toBeInTheDocument();
  });

  it('should keep a chosen expiry within 24 hours when Revocable is switched on', async () => {
    const { user } = renderPage();
    await form();
    await user.click(preset('1 hour'));
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    expect(expiry()).toHaveTextContent('in 1 hour');
    expect(screen.queryByText(/so the expiry moved/)).not.toBeInTheDocument();
  });

  it('should refuse, as the user types, an expiry beyond the 24-hour cap of a revocable token', async () => {
    const { user } = renderPage();
    await form();
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    const input = screen.getByLabelText(/Expires \(your local time\)/);
    // The native picker reports a complete local wall-clock value; three days ahead here.
    fireEvent.change(input, {
      target: { value: dayjs(NOW).add(3, 'day').format('YYYY-MM-DDTHH:mm') },
    });

    expect(
      await screen.findByText(/a revocable token can be valid for at most 24 hours/),
    ).toBeInTheDocument();
    expect(expiry()).toHaveTextContent('in 3 days');
  });
});

describe('Token form: target and restrictions', () => {
  it('should warn that an organisation-wide token opens every stream', async () => {
    const { user } = renderPage();
    await form();
    await user.click(screen.getByRole('radio', { name: 'Entire organisation' }));
    // The organisation's name is isolated: the sentence spans its own element.
    expect(
      screen.getByText(
        (_, element) =>
          element?.tagName === 'STRONG' &&
          /^every stream of Demo Events$/.test(element.textContent ?? ''),
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Streams' })).not.toBeInTheDocument();
  });

  it('should show an override in the organisation’s name as a marker, isolated, in the warning', async () => {
    const session = sessionFor('admin');
    const odd = 'abc\u202edef';
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json({ ...session, organisation: { ...session.organisation, name: odd } }),
      ),
    );
    const { user } = renderPage();
    await form();
    await user.click(screen.getByRole('radio', { name: 'Entire organisation' }));
    const warning = screen.getByText(/This token opens/);
    expect(warning).toHaveTextContent(/every stream of abcU\+202Edef, including/);
    expect(warning.textContent).not.toContain('\u202e');
    const markers = warning.querySelectorAll('[data-control-character="U+202E"]');
    expect(markers).toHaveLength(1);
    expect(markers[0]!.closest('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
  });

  it('should keep only the host name of a pasted URL and say so under the field', async () => {
    const { user } = renderPage();
    await form();
    const domain = screen.getByRole('textbox', { name: 'Domain' });
    await user.click(domain);
    await user.paste('https://WWW.Example.com:8443/live/player?x=1');

    expect(domain).toHaveValue('www.example.com');
    expect(domain).toHaveAccessibleDescription(/Kept only the host name “www.example.com”/);
  });

  it('should explain under the field why an IPv6 address is refused', async () => {
    const { user } = renderPage();
    await form();
    const ip = screen.getByRole('textbox', { name: 'Client IP' });
    await user.type(ip, '2001:db8::1');
    await waitFor(() => expect(ip).toHaveAccessibleDescription(`Client IP: ${IPV6_REFUSAL}`));
    expect(ip).toHaveAttribute('aria-invalid', 'true');

    await user.clear(ip);
    await user.type(ip, '203.0.113.300');
    await waitFor(() =>
      expect(ip).toHaveAccessibleDescription(/enter a single IPv4 address such as 203.0.113.7/),
    );
  });

  it('should not send the server a stream search longer than it takes', async () => {
    const searches: string[] = [];
    server.use(
      http.get('/api/streams', ({ request }) => {
        const search = new URL(request.url).searchParams.get('search') ?? '';
        searches.push(search);
        if (search.length <= 128) return HttpResponse.json(streamPage([], 1, 20, 0));
        return HttpResponse.json(
          {
            code: 'validation',
            message: 'search: Too big: expected string to have <=128 characters',
          },
          { status: 400 },
        );
      }),
    );
    const { user } = renderPage();
    await form();
    await user.click(screen.getByRole('radio', { name: 'Stream group' }));
    const group = screen.getByRole('combobox', { name: 'Stream group ID' });
    await user.click(group);
    await user.paste('g'.repeat(5000));
    await user.click(screen.getByRole('combobox', { name: 'Stream group ID' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 600)));

    expect(searches.filter((search) => search.length > 128)).toEqual([]);
    expect(screen.queryByText(/Too big/)).not.toBeInTheDocument();
    expect(group).toHaveAccessibleDescription(/Stream group/);
  });

  it('should say that the demo player link will not play while an IP or a domain is set', async () => {
    const { user } = renderPage();
    await form();
    const notice = /the web playout link will not play the stream/;
    expect(screen.queryByText(notice)).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Client IP' }), '203.0.113.7');
    expect(screen.getByText(notice)).toHaveTextContent('127.0.0.1:4000');
    await user.clear(screen.getByRole('textbox', { name: 'Client IP' }));
    expect(screen.queryByText(notice)).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Domain' }), 'example.com');
    expect(screen.getByText(notice)).toBeInTheDocument();
  });
});

describe('Token form: who may use it', () => {
  it('should explain to a viewer why they cannot create tokens, without a form', async () => {
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('viewer'))));
    renderPage();
    expect(await screen.findByText('You can’t create tokens')).toBeInTheDocument();
    expect(screen.getByText(/needs the Editor or Admin role/)).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create secure playback token' })).toBeNull();
  });

  it('should show "Upgrade needed" instead of the form without the secure package', async () => {
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json(
          sessionFor('admin', {
            organisation: { ...organisation, securePackage: false },
          }),
        ),
      ),
    );
    renderPage();
    expect(await screen.findByText('Upgrade needed')).toBeInTheDocument();
    expect(
      screen.getByText(
        (_, element) =>
          element?.tagName === 'P' &&
          /^Secure playback is not enabled for Demo Events\./.test(element.textContent ?? ''),
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});

describe('Token form: submitting', () => {
  it('should send the request body and a fresh Idempotency-Key', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = renderPage();
    await form();
    await chooseStream(user, 'Stage1', 'DmoEv-Stage1');
    await user.click(preset('7 days'));
    await user.click(screen.getByRole('switch', { name: 'Force disconnect on expiry' }));
    await user.type(screen.getByRole('textbox', { name: 'Domain' }), 'Player.Example.com');
    await user.type(screen.getByRole('textbox', { name: 'User ID' }), ' viewer-42 ');
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'vip');
    await user.click(submitButton());

    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toEqual({
      target: { type: 'streams', streams: ['DmoEv-Stage1'] },
      // A preset is a duration: the server counts it from when it mints.
      expiresIn: 7 * 86_400,
      revocable: false,
      forceDisconnect: true,
      domain: 'player.example.com',
      user: 'viewer-42',
      tag: 'vip',
    });
    expect(calls[0]!.idempotencyKey).toMatch(UUID);
    expect(calls[0]!.csrf).toBe('csrf-test-token');
    expect(
      await screen.findByRole('dialog', { name: 'Secure playback token created' }),
    ).toBeVisible();
  });

  it('should send one request and show the token when the form is submitted twice at once', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = renderPage();
    const element = await form();
    await user.click(screen.getByRole('radio', { name: 'Entire organisation' }));
    fireEvent.submit(element);
    fireEvent.submit(element);

    expect(
      await screen.findByRole('dialog', { name: 'Secure playback token created' }),
    ).toBeVisible();
    expect(calls).toHaveLength(1);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('should say under the field that a stream is needed, and send nothing', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = renderPage();
    await form();
    await user.click(submitButton());
    expect(await screen.findByText('Streams: choose at least one stream.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('should say under User ID that a direction mark would make it read otherwise, and send nothing', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = renderPage();
    await form();
    await chooseStream(user, 'Stage1', 'DmoEv-Stage1');
    // Typed as "\u202Eevil", shown as "live".
    fireEvent.change(screen.getByRole('textbox', { name: 'User ID' }), {
      target: { value: '\u202Eevil' },
    });
    await user.click(submitButton());
    expect(
      await screen.findByText(
        'User ID: remove line breaks, control characters and invisible formatting characters (such as direction marks).',
      ),
    ).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('should disable the button while the request runs', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.post('/api/tokens', async () => {
        await gate;
        return HttpResponse.json({ code: 'x', message: 'Stopped.' }, { status: 500 });
      }),
    );
    const { user } = renderPage();
    await form();
    await chooseStream(user, 'Stage1', 'DmoEv-Stage1');
    await user.click(submitButton());
    await waitFor(() => expect(submitButton()).toBeDisabled());
    release();
    await waitFor(() => expect(submitButton()).toBeEnabled());
  });

  it('should reuse the Idempotency-Key for a retry and take a new one for changed values', async () => {
    const keys: Array<string | null> = [];
    server.use(
      http.post('/api/tokens', ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json(
          {
            code: 'upstream-unavailable',
            message: 'The token service did not answer.',
            // An upstream text (from an older server) may echo a credential: never shown.
            upstream: { errorCode: 1000, message: 'Parameter invalid: exp emu-secret' },
          },
          { status: 502 },
        );
      }),
    );
    const { user } = renderPage();
    await form();
    await chooseStream(user, 'Stage1', 'DmoEv-Stage1');
    await user.click(submitButton());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/^The token service did not answer\.$/);
    expect(alert).not.toHaveTextContent('emu-secret');
    await user.click(submitButton());
    await waitFor(() => expect(keys).toHaveLength(2));
    expect(keys[1]).toBe(keys[0]);

    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'x');
    await user.click(submitButton());
    await waitFor(() => expect(keys).toHaveLength(3));
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('should show the server’s field errors under the fields, and nothing twice', async () => {
    server.use(
      http.post('/api/tokens', () =>
        HttpResponse.json(
          {
            code: 'invalid-request',
            message: 'target.streams.0: Unknown stream DmoEv-Stage1.',
            issues: [
              { path: 'target.streams.0', message: 'Unknown stream DmoEv-Stage1.' },
              { path: 'ip', message: 'Client IP: this address is blocked.' },
              { path: 'expiresAt', message: 'Expiry: the token service refused it.' },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderPage();
    await form();
    await chooseStream(user, 'Stage1', 'DmoEv-Stage1');
    await user.type(screen.getByRole('textbox', { name: 'Client IP' }), '203.0.113.7');
    await user.click(submitButton());

    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Streams' })).toHaveAccessibleDescription(
        'Unknown stream DmoEv-Stage1.',
      ),
    );
    expect(screen.getByRole('textbox', { name: 'Client IP' })).toHaveAccessibleDescription(
      'Client IP: this address is blocked.',
    );
    expect(screen.getByText('Expiry: the token service refused it.')).toBeInTheDocument();
    // Every issue has its field: the form's alert and the snackbar stay away.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('should replace the form with "Upgrade needed" when the server says the package is missing', async () => {
    server.use(
      http.post('/api/tokens', () =>
        HttpResponse.json(
          { code: 'secure-package-missing', message: 'Secure playback is not enabled.' },
          { status: 403 },
        ),
      ),
    );
    const { user } = renderPage();
    await form();
    await chooseStream(user, 'Stage1', 'DmoEv-Stage1');
    await user.click(submitButton());
    expect(await screen.findByText('Upgrade needed')).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});

describe('Token form: picking moments', () => {
  it('should show a picked expiry in local time, UTC and relative, and refuse one in the past', async () => {
    renderPage();
    await form();
    const input = screen.getByLabelText(/Expires \(your local time\)/);
    expect(input).toHaveAttribute('type', 'datetime-local');
    expect(input).toHaveValue(dayjs(NOW).add(14, 'day').format('YYYY-MM-DDTHH:mm'));

    fireEvent.change(input, {
      target: { value: dayjs(NOW).add(3, 'day').format('YYYY-MM-DDTHH:mm') },
    });
    expect(expiry()).toHaveTextContent('in 3 days');
    expect(preset('14 days')).toHaveAttribute('aria-pressed', 'false');

    fireEvent.change(input, {
      target: { value: dayjs(NOW).subtract(1, 'hour').format('YYYY-MM-DDTHH:mm') },
    });
    expect(await screen.findByText(/Expiry.*in the future/i)).toBeInTheDocument();
  });

  it('should set and clear an optional not-before moment', async () => {
    const { user } = renderPage();
    await form();
    const input = screen.getByLabelText('Not before (optional)');
    fireEvent.change(input, {
      target: { value: dayjs(NOW).add(1, 'day').format('YYYY-MM-DDTHH:mm') },
    });
    expect(screen.getByRole('group', { name: 'Not before' })).toHaveTextContent('in 24 hours');

    await user.click(screen.getByRole('button', { name: 'Clear Not before (optional)' }));
    expect(input).toHaveValue('');
    expect(screen.queryByRole('group', { name: 'Not before' })).not.toBeInTheDocument();
  });
});

describe('Token form: stream search with the keyboard', () => {
  it('should pick a stream matching what was typed even before the server has answered', async () => {
    const { user } = renderPage();
    await form();
    const box = screen.getByRole('combobox', { name: 'Streams' });
    await user.click(box);
    // The first results are there (no search yet); now type and choose at once.
    await screen.findByRole('option', { name: /DmoEv-Stage1/ });
    await user.type(box, 'JazzN{ArrowDown}{Enter}');
    expect(await screen.findByRole('button', { name: 'DmoEv-JazzN' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'DmoEv-Stage1' })).not.toBeInTheDocument();
  });

  it('should keep the highlighted stream when the server answers between ArrowDown and Enter', async () => {
    // The first page holds two of the matches; the server knows a newer one as well.
    const newer = streamFixture({ name: 'DmoEv-Stage3', createdAt: new Date().toISOString() });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const searched: string[] = [];
    server.use(
      http.get('/api/streams', async ({ request }) => {
        const search = new URL(request.url).searchParams.get('search');
        if (!search) return HttpResponse.json(streamPage(sampleStreams(), 1, 20));
        searched.push(search);
        await gate;
        // Meanwhile a newer match was created and DmoEv-Stage2 deleted.
        const all = [newer, ...sampleStreams().filter((s) => s.name !== 'DmoEv-Stage2')];
        const items = all.filter((s) => s.name.toLowerCase().includes(search.toLowerCase()));
        return HttpResponse.json(streamPage(items, 1, 20));
      }),
    );
    const { user } = renderPage();
    await form();
    const box = screen.getByRole('combobox', { name: 'Streams' });
    await user.click(box);
    await screen.findByRole('option', { name: /DmoEv-JazzN/ });
    await user.type(box, 'Stage{ArrowDown}');
    const highlighted = () => document.querySelector('.MuiAutocomplete-option.Mui-focused');
    expect(highlighted()).toHaveTextContent('DmoEv-Stage1');
    await waitFor(() => expect(searched).toContain('Stage'));

    release();
    expect(await screen.findByRole('option', { name: /DmoEv-Stage3/ })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('option', { name: /DmoEv-Stage2/ })).toBeNull());
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(highlighted()).toHaveTextContent('DmoEv-Stage1');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('button', { name: 'DmoEv-Stage1' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'DmoEv-Stage3' })).not.toBeInTheDocument();
  });

  it('should pick a group matching what was typed even before the server has answered', async () => {
    const { user } = renderPage();
    await form();
    await user.click(screen.getByRole('radio', { name: 'Stream group' }));
    const box = screen.getByRole('combobox', { name: 'Stream group ID' });
    await user.click(box);
    // The first results are there (no search yet); now type and choose at once.
    await screen.findByRole('option', { name: /DmoEv-Stage1/ });
    await user.type(box, 'JazzN{ArrowDown}{Enter}');
    await waitFor(() => expect(box).toHaveValue('id-DmoEv-JazzN'));
  });

  it('should keep the highlighted group when the server answers between ArrowDown and Enter', async () => {
    // The server's answer holds as many groups as the list it replaces, not the same ones.
    const newer = streamFixture({ name: 'DmoEv-Stage3', createdAt: new Date().toISOString() });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const searched: string[] = [];
    server.use(
      http.get('/api/streams', async ({ request }) => {
        const search = new URL(request.url).searchParams.get('search');
        if (!search) return HttpResponse.json(streamPage(sampleStreams(), 1, 20));
        searched.push(search);
        await gate;
        const all = [newer, ...sampleStreams().filter((s) => s.name !== 'DmoEv-JazzN')];
        return HttpResponse.json(streamPage(all, 1, 20));
      }),
    );
    const { user } = renderPage();
    await form();
    await user.click(screen.getByRole('radio', { name: 'Stream group' }));
    const box = screen.getByRole('combobox', { name: 'Stream group ID' });
    await user.click(box);
    await screen.findByRole('option', { name: /DmoEv-JazzN/ });
    await user.type(box, 'DmoEv{ArrowDown}');
    const highlighted = () => document.querySelector('.MuiAutocomplete-option.Mui-focused');
    expect(highlighted()).toHaveTextContent('DmoEv-Stage1');
    await waitFor(() => expect(searched).toContain('DmoEv'));

    release();
    expect(await screen.findByRole('option', { name: /DmoEv-Stage3/ })).toBeInTheDocument();
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(highlighted()).toHaveTextContent('DmoEv-Stage1');
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('id-DmoEv-Stage1');
  });
});

describe('Token form: stream names from nanoStream Cloud', () => {
  it('should show a right-to-left override in a stream found and picked as a marker, isolated', async () => {
    const odd = 'abc\u202edef';
    server.use(...streamHandlers([streamFixture({ name: odd, tags: [odd, 'plain'] })]));
    const { user } = renderPage();
    await form();
    await user.type(screen.getByRole('combobox', { name: 'Streams' }), 'abc');
    const option = await screen.findByRole('option', { name: /abc/ });
    // The name and the odd tag: each isolated, the override a marker.
    const markers = option.querySelectorAll('[data-control-character="U+202E"]');
    expect(markers).toHaveLength(2);
    for (const marker of markers) {
      expect(marker.closest('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    }
    expect(option.textContent).not.toContain('\u202e');

    await user.click(option);
    const chip = document.querySelector('.MuiAutocomplete-tag')!;
    expect(chip.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    expect(chip.textContent).not.toContain('\u202e');
  });
});
