import { createHash } from 'node:crypto';

/**
 * For the few pages the server writes itself (the example viewer page, the single sign-on
 * confirmation's last page): fixed script and style allowed by hash in their CSP, values put in
 * HTML-escaped.
 */

/** A CSP source allowing exactly this inline script or style. */
export const cspHash = (text: string) =>
  `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Text safe inside an element or a double-quoted attribute. */
export const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
