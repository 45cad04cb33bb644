import { screen, within } from '@testing-library/react';
import { buildGroupSnippet, buildSecurityObject, type TokenRequest } from '@ptd/contracts';
import { describe, expect, it, vi } from 'vitest';
import { sampleStreams, sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { createdTokenFor } from '@/testing/token-create-fixtures.ts';
import { TokenCreatedDialog } from '../components/token-created-dialog/token-created-dialog.tsx';

const [stage1] = sampleStreams();
const player = sessionFor('admin').player;
const body: TokenRequest = {
  target: { type: 'streams', streams: ['DmoEv-Stage1'] },
  expiresIn: 3600,
  revocable: false,
  forceDisconnect: false,
  ip: undefined,
  domain: undefined,
  user: undefined,
  tag: undefined,
};

function renderDialog() {
  const response = createdTokenFor(body);
  const onClose = vi.fn();
  const view = renderWithProviders(
    <TokenCreatedDialog created={{ response, streams: [stage1!] }} onClose={onClose} />,
  );
  const writeText = vi.spyOn(navigator.clipboard, 'writeText');
  return { ...view, onClose, writeText, token: response.token };
}

async function dialog() {
  const element = await screen.findByRole('dialog', { name: 'Secure playback token created' });
  await within(element).findByRole('heading', { name: 'Playback with this token' });
  return within(element);
}

describe('TokenCreatedDialog: copying counts', () => {
  it('should count copying the token as having copied it', async () => {
    const { user, onClose } = renderDialog();
    const view = await dialog();
    await user.click(view.getByRole('button', { name: 'Copy token' }));
    expect(view.getByRole('checkbox', { name: 'I have copied the token' })).toBeChecked();
    await user.click(view.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(onClose).toHaveBeenCalledWith({ discarded: false });
  });

  it('should count copying a snippet that carries the token', async () => {
    const { user, writeText, token } = renderDialog();
    const view = await dialog();
    await user.click(view.getByRole('button', { name: 'Copy group config snippet' }));
    expect(writeText).toHaveBeenLastCalledWith(
      buildGroupSnippet({ groupId: stage1!.groupId, token }, player),
    );
    expect(view.getByRole('checkbox', { name: 'I have copied the token' })).toBeChecked();
  });

  it('should offer the bare security object of the player setup with a copy button', async () => {
    const { user, writeText, token } = renderDialog();
    const view = await dialog();
    const object = view.getByRole('region', { name: 'Player security object' });
    expect(object).toHaveTextContent(buildSecurityObject(token));
    await user.click(view.getByRole('button', { name: 'Copy player security object' }));
    expect(writeText).toHaveBeenLastCalledWith(`security: { jwtoken: "${token}" }`);
    expect(view.getByRole('checkbox', { name: 'I have copied the token' })).toBeChecked();
  });

  it('should tell its caller that a token closed without copying was discarded', async () => {
    const { user, onClose } = renderDialog();
    const view = await dialog();
    await user.click(view.getByRole('button', { name: 'Close' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Close without the token?' });
    await user.click(within(confirm).getByRole('button', { name: 'Close and discard' }));
    expect(onClose).toHaveBeenCalledWith({ discarded: true });
  });
});
