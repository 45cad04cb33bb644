import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ageSessionProofs } from './app-data.ts';

/**
 * On /staff, signed in just now: adds a member with no confirmation asked, then fills the form
 * in for "Nora New" (`email`), makes the session's proof REAUTH_MINUTES (and a second) old in
 * the app's data, and sends it, so that the app must now ask to confirm it's you. `creates`
 * holds every POST /api/staff body sent from then on.
 */
export async function addStaffOnceProofIsOld(
  page: Page,
  { dataDir, reauthMinutes, email }: { dataDir: string; reauthMinutes: number; email: string },
) {
  const creates: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/staff') {
      creates.push(request.postData() ?? '');
    }
  });
  const form = page.getByRole('dialog', { name: 'Add staff member' });
  const fillIn = async (name: string, address: string) => {
    await page.getByRole('button', { name: 'Add staff member' }).first().click();
    await form.getByRole('textbox', { name: 'Name' }).fill(name);
    await form.getByRole('textbox', { name: 'Email' }).fill(address);
    await form.getByLabel('Initial password').fill('nora e2e passphrase 42');
  };

  // Signed in just now: nothing to confirm.
  await fillIn('Fresh Fred', `fred-${Date.now()}@example.com`);
  await form.getByRole('button', { name: 'Add staff member' }).click();
  await page.getByText('Fresh Fred can now sign in as Editor.').waitFor();
  await form.waitFor({ state: 'hidden' });
  expect(await page.getByRole('dialog', { name: /^Confirm it’s you/ }).count()).toBe(0);
  expect(creates).toHaveLength(1);
  creates.length = 0;

  await fillIn('Nora New', email);
  ageSessionProofs(dataDir, reauthMinutes * 60_000 + 1000);
  await form.getByRole('button', { name: 'Add staff member' }).click();
  return { form, creates };
}
