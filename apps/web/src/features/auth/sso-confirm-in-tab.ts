const KEY = 'sso-confirm-in-tab';

/**
 * This tab leaves for the single sign-on provider to confirm it's the person (no window could
 * open): the page it comes back to, with `?sso-confirm=<outcome>`, may say how it went.
 */
export function markSsoConfirmInTab() {
  try {
    sessionStorage.setItem(KEY, '1');
  } catch {
    // No storage: the page opened again says nothing, as for a link from anywhere.
  }
}

/**
 * Whether this tab left for a confirmation in this tab, read once: an outcome in the address
 * of a tab that started none came from a link, and the page says nothing of it.
 */
export function takeSsoConfirmInTab(): boolean {
  try {
    const started = sessionStorage.getItem(KEY) !== null;
    sessionStorage.removeItem(KEY);
    return started;
  } catch {
    return false;
  }
}
