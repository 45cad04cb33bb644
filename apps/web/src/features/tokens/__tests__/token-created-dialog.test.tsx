import { act, screen, waitFor, within } from '@testing-library/react';
import {
  buildEntriesSnippet,
  buildGroupSnippet,
  buildIframeEmbed,
  buildPlayoutUrl,
  type TokenRequest,
} from '@ptd/contracts';
import { describe, expect, it, vi } from 'vitest';
import { sampleStreams, sessionFor, streamFixture } from '@/testing/fixtures.ts';
import { streamHandlers } from '@/testing/handlers.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { createdTokenFor } from '@/testing/token-create-fixtures.ts';
import { TokenCreatedDialog } from '../components/token-created-dialog/token-created-dialog.tsx';
import type { CreatedToken } from '../components/token-form/types.ts';

const player = sessionFor('admin').player;
const [stage1, concert, , stage2] = sampleStreams();

function request(overrides: Partial<TokenRequest> = {}): TokenRequest {
  return {
    target: { type: 'streams', streams: ['DmoEv-Stage1'] },
    expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    revocable: false,
    forceDisconnect: false,
    ip: undefined,
    domain: undefined,
    user: undefined,
    tag: undefined,
    ...overrides,
  };
}

function renderDialog(created: Partial<CreatedToken> & { response: CreatedToken['response'] }) {
  const onClose = vi.fn();
  const view = renderWithProviders(
    <TokenCreatedDialog created={{ streams: [], ...created }} onClose={onClose} />,
  );
  const writeText = vi.spyOn(navigator.clipboard, 'writeText');
  return { ...view, onClose, writeText };
}

/** The dialog, once the session (player config) has loaded and its playout part is shown. */
async function dialog() {
  const element = await screen.findByRole('dialog', { name: 'Secure playback token created' });
  await within(element).findByRole('heading', { name: 'Playback with this token' });
  return element;
}

describe('TokenCreatedDialog', () => {
  it('should show the token, what it allows and that it is shown only once', async () => {
    const response = createdTokenFor(
      request({ revocable: true, ip: '203.0.113.7', tag: 'vip', user: 'viewer-42' }),
    );
    renderDialog({ response, streams: [stage1!] });
    const view = within(await dialog());

    expect(view.getByRole('region', { name: 'Token' })).toHaveTextContent(response.token);
    expect(view.getByText(/Copy the token now: it is shown only once/)).toBeInTheDocument();
    expect(view.getByText('Stream DmoEv-Stage1')).toBeInTheDocument();
    expect(view.getByText('Client IP 203.0.113.7')).toBeInTheDocument();
    expect(view.getByText('vip')).toBeInTheDocument();
    expect(view.getByText('viewer-42')).toBeInTheDocument();
    expect(view.getByText(/Yes: you \(or an admin\) can revoke it/)).toBeInTheDocument();
    expect(view.getAllByText(/UTC$/).length).toBeGreaterThanOrEqual(2);
    expect(view.getByText(/in 14 days/)).toBeInTheDocument();
    expect(
      view.getByText(/the web playout link \(a demo player on another domain\) will not play/),
    ).toBeInTheDocument();
  });

  it('should copy the token, the playout URL and each snippet', async () => {
    const response = createdTokenFor(request());
    const { user, writeText } = renderDialog({ response, streams: [stage1!] });
    const view = within(await dialog());
    const source = { groupId: stage1!.groupId, token: response.token };

    await user.click(view.getByRole('button', { name: 'Copy token' }));
    expect(writeText).toHaveBeenLastCalledWith(response.token);
    expect(view.getByRole('button', { name: 'Copied token' })).toHaveTextContent('Copied');

    await user.click(view.getByRole('button', { name: 'Copy web playout URL' }));
    expect(writeText).toHaveBeenLastCalledWith(buildPlayoutUrl(source, player));

    await user.click(view.getByRole('button', { name: 'Copy group config snippet' }));
    expect(writeText).toHaveBeenLastCalledWith(buildGroupSnippet(source, player));

    await user.click(view.getByRole('tab', { name: 'Entries config' }));
    await user.click(view.getByRole('button', { name: 'Copy entries config snippet' }));
    expect(writeText).toHaveBeenLastCalledWith(
      buildEntriesSnippet({ streamNames: ['DmoEv-Stage1'], token: response.token }, player),
    );

    await user.click(view.getByRole('tab', { name: 'iframe embed' }));
    await user.click(view.getByRole('button', { name: 'Copy iframe embed code' }));
    expect(writeText).toHaveBeenLastCalledWith(buildIframeEmbed(source, player));
  });

  it('should open the playout URL in a new tab without a referrer', async () => {
    const response = createdTokenFor(request());
    renderDialog({ response, streams: [stage1!] });
    const open = within(await dialog()).getByRole('link', { name: /Open the web playout URL/ });
    expect(open).toHaveAttribute(
      'href',
      buildPlayoutUrl({ groupId: stage1!.groupId, token: response.token }, player),
    );
    expect(open).toHaveAttribute('target', '_blank');
    expect(open).toHaveAttribute('rel', 'noreferrer noopener');
  });

  it('should not close on Escape but ask, and close only when the user confirms', async () => {
    const { user, onClose } = renderDialog({ response: createdTokenFor(request()) });
    await dialog();
    await user.keyboard('{Escape}');

    const confirm = await screen.findByRole('alertdialog', { name: 'Close without the token?' });
    expect(onClose).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole('button', { name: 'Go back to the token' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(screen.getByRole('dialog', { name: 'Secure playback token created' })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: 'Close and discard',
      }),
    );
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('should ask on the browser’s Back as on Escape, and close on Back once copied', async () => {
    const { user, onClose } = renderDialog({ response: createdTokenFor(request()) });
    await dialog();

    act(() => window.history.back());
    const confirm = await screen.findByRole('alertdialog', { name: 'Close without the token?' });
    expect(onClose).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole('button', { name: 'Go back to the token' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(screen.getByRole('dialog', { name: 'Secure playback token created' })).toBeVisible();

    await user.click(screen.getByRole('checkbox', { name: 'I have copied the token' }));
    act(() => window.history.back());
    await waitFor(() => expect(onClose).toHaveBeenCalledWith({ discarded: false }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('should leave the page’s own history entry when it closes', async () => {
    const { user, onClose } = renderDialog({ response: createdTokenFor(request()) });
    await dialog();
    const entries = window.history.length;
    expect(window.history.state).toEqual({ showOnceGuard: true });

    await user.click(screen.getByRole('checkbox', { name: 'I have copied the token' }));
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(window.history.state).not.toEqual({ showOnceGuard: true });
    expect(window.history.length).toBe(entries);
  });

  it('should not close on a click outside', async () => {
    const { user, onClose } = renderDialog({ response: createdTokenFor(request()) });
    await dialog();
    const container = document.querySelector('.MuiDialog-container') as HTMLElement;
    await user.click(container);
    expect(await screen.findByRole('alertdialog')).toBeVisible();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('should close at once after "I have copied the token"', async () => {
    const { user, onClose } = renderDialog({ response: createdTokenFor(request()) });
    await dialog();
    await user.click(screen.getByRole('checkbox', { name: 'I have copied the token' }));
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('should build the URL for the preferred stream of several, and switch on request', async () => {
    const response = createdTokenFor(
      request({ target: { type: 'streams', streams: ['DmoEv-Stage1', 'DmoEv-Stage2'] } }),
    );
    const { user } = renderDialog({ response, streams: [stage1!, stage2!], preferred: stage2 });
    const view = within(await dialog());
    const url = () => view.getByRole('region', { name: 'Web playout URL' });
    expect(url()).toHaveTextContent(`group.id=${stage2!.groupId}`);

    await user.click(view.getByRole('combobox', { name: 'Stream for the URL' }));
    await user.click(screen.getByRole('option', { name: 'DmoEv-Stage1' }));
    expect(url()).toHaveTextContent(`group.id=${stage1!.groupId}`);
  });

  it('should show a stream name with a direction override in the stream choice as a marker, isolated', async () => {
    const odd = { ...stage1!, id: 'st-odd', name: 'abc\u202edef' };
    const response = createdTokenFor(
      request({ target: { type: 'streams', streams: [odd.name, 'DmoEv-Stage2'] } }),
    );
    const { user } = renderDialog({ response, streams: [odd, stage2!] });
    const view = within(await dialog());
    const choice = view.getByRole('combobox', { name: 'Stream for the URL' });
    expect(choice.textContent).not.toContain('\u202e');
    expect(choice.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    await user.click(choice);
    const option = await screen.findByRole('option', { name: /abc/ });
    expect(option.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
  });

  it('should let the user choose a stream for an organisation-wide token', async () => {
    const response = createdTokenFor(request({ target: { type: 'organisation' } }));
    const { user } = renderDialog({ response });
    const view = within(await dialog());
    expect(
      view.getByText('Choose a stream to see its web playout URL and player snippets.'),
    ).toBeInTheDocument();

    await user.type(
      view.getByRole('combobox', { name: 'Stream for the URL and snippets' }),
      'Cncrt',
    );
    await user.click(await screen.findByRole('option', { name: /DmoEv-Cncrt/ }));
    expect(view.getByRole('region', { name: 'Web playout URL' })).toHaveTextContent(
      `group.id=${concert!.groupId}`,
    );
  });

  it('should show a picked stream’s right-to-left override as a marker in the box, isolated', async () => {
    server.use(...streamHandlers([streamFixture({ name: 'abc\u202edef' })]));
    const response = createdTokenFor(request({ target: { type: 'organisation' } }));
    const { user } = renderDialog({ response });
    const view = within(await dialog());
    const box = view.getByRole('combobox', { name: 'Stream for the URL and snippets' });
    await user.type(box, 'abc');
    const option = await screen.findByRole('option', { name: /abc/ });
    expect(option.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    await user.click(option);
    expect(box).toHaveValue('\u2068abc[U+202E]def\u2069');
  });

  it('should use the group id for a group token and list the group’s renditions', async () => {
    const response = createdTokenFor(request({ target: { type: 'group', groupId: concert!.id } }));
    const { user } = renderDialog({ response });
    const view = within(await dialog());
    expect(view.getByRole('region', { name: 'Web playout URL' })).toHaveTextContent(
      `group.id=${concert!.id}`,
    );
    await user.click(view.getByRole('tab', { name: 'Entries config' }));
    const entries = await view.findByRole('region', { name: 'Player snippet (entries config)' });
    expect(entries).toHaveTextContent('DmoEv-Cn480');
  });
});
