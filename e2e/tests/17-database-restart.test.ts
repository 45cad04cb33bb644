import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postgresBinDir,
  startCluster,
  type TestCluster,
} from '../../apps/bff/test/postgres/cluster.ts';
import { ADMIN } from '../src/accounts.ts';
import { startBuiltApp } from '../src/app-process.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import type { Running } from '../src/processes.ts';
import { CREATE_PAGE, signInThroughUi } from '../src/session.ts';
import { createdDialog, fillTokenForm, tokenForm } from '../src/ui.ts';

const RESTARTING =
  "The dashboard's database is not answering (it may be restarting). Try again in 2 s.";
const BACK = "The dashboard's database answers again.";
const SEND_AGAIN =
  "The dashboard's database was not answering when this was sent. It answers again: send it again.";

/**
 * A dashboard of this file's own on a throwaway PostgreSQL cluster, stopped as `pg_ctl -m fast
 * stop` does and started again while pages are open. Skipped where Debian's PostgreSQL server
 * binaries are not installed.
 */
const binDir = postgresBinDir();
describe.skipIf(!binDir)('scenario 17: the dashboard’s database restarts', () => {
  let browser: Browser;
  let cluster: TestCluster | undefined;
  let app: Running | undefined;

  beforeAll(async () => {
    cluster = await startCluster(binDir as string);
    app = await startBuiltApp({ DATABASE_URL: cluster.url });
    browser = await sharedBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await cluster?.stop();
  }, 30_000);

  it('should keep a form sent meanwhile, and open a page loaded meanwhile by itself once the database answers', async () => {
    const { context, page: form } = await newPage(browser, app?.url ?? '', 'database-restart');
    await signInThroughUi(form, ADMIN, CREATE_PAGE);
    const tag = `db-restart-${Date.now()}`;
    await fillTokenForm(tokenForm(form), { organisation: true, tag });

    await cluster?.halt();
    // A form sent while it restarts: the server's words, and what was filled in kept.
    await form.getByRole('button', { name: 'Create secure playback token' }).click();
    await form.getByRole('alert').filter({ hasText: RESTARTING }).first().waitFor();
    expect(await form.getByRole('textbox', { name: 'Tag' }).inputValue()).toBe(tag);
    // A tab opened meanwhile says why it is not there yet, not "Reload".
    const opened = await context.newPage();
    await opened.goto('/tokens');
    await opened
      .getByRole('heading', { name: "The dashboard's database is not answering", level: 1 })
      .waitFor({ timeout: 10_000 });
    expect(await opened.getByText('This page could not be shown').count()).toBe(0);

    await cluster?.resume();
    // No reload: the page opens by itself, and the form goes through.
    await opened
      .getByRole('heading', { name: 'Playback tokens', level: 1 })
      .waitFor({ timeout: 10_000 });
    // The form's tab says what came back (not the server: it answered throughout), and its alert
    // no longer asks to wait; what was filled in is still there.
    await form.getByText(BACK).waitFor({ timeout: 10_000 });
    await form.getByText(SEND_AGAIN).waitFor();
    expect(await form.getByText(RESTARTING).count()).toBe(0);
    expect(await form.getByText('Connected to the dashboard server again.').count()).toBe(0);
    expect(await form.getByRole('textbox', { name: 'Tag' }).inputValue()).toBe(tag);
    await form.getByRole('button', { name: 'Create secure playback token' }).click();
    await createdDialog(form).waitFor({ timeout: 10_000 });
    await context.close();
  }, 60_000);
});
