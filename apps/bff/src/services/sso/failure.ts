import { withoutControlCharacters, type SsoErrorCode } from '@ptd/contracts';
import * as client from 'openid-client';
import { ProviderAnswerTooLarge } from './bounded-fetch.ts';

/** The most of a provider's `error` the audit log and the server log keep. */
export const PROVIDER_ERROR_MAX_LENGTH = 200;

/**
 * A provider's `error` as the audit log keeps it: plain text (no control or direction
 * characters, no stacked marks), at most `PROVIDER_ERROR_MAX_LENGTH` characters. Anyone can
 * send the browser to the callback with an `error` of any length.
 */
const providerError = (value: string) =>
  [...withoutControlCharacters(value.slice(0, PROVIDER_ERROR_MAX_LENGTH * 4))]
    .slice(0, PROVIDER_ERROR_MAX_LENGTH)
    .join('');

/**
 * What went wrong with the provider's answer, in the dashboard's terms; `cause` is the
 * library's error code or the provider's `error` code, bounded (never its description or a
 * token), for the audit log.
 */
export function failureOf(error: unknown): { code: SsoErrorCode; cause: string } {
  if (error instanceof client.AuthorizationResponseError) {
    return { code: 'provider-refused', cause: providerError(error.error) };
  }
  if (error instanceof client.ResponseBodyError) {
    // The token endpoint said no: a used or expired code, a wrong verifier or client secret.
    return { code: 'code-rejected', cause: providerError(error.error) };
  }
  if (error instanceof client.ClientError) {
    const cause = error.code ?? 'client-error';
    // The library's own words about the check that failed are in the error it wraps.
    const check = error.cause instanceof Error ? error.cause.message : error.message;
    if (cause === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(check)) {
      return { code: 'wrong-state', cause };
    }
    // RFC 9207: the answer names another issuer than the one this sign-in went to (a mix-up).
    if (cause === 'OAUTH_INVALID_RESPONSE' && /"iss" \(issuer\) response parameter/.test(check)) {
      return { code: 'wrong-issuer', cause };
    }
    if (/JWT|ID_TOKEN|KEY_SELECTION|INVALID_RESPONSE|JSON_ATTRIBUTE/.test(cause)) {
      return { code: 'id-token-invalid', cause };
    }
  }
  if (error instanceof Error && error.cause instanceof ProviderAnswerTooLarge) {
    return { code: 'provider-unavailable', cause: error.cause.name };
  }
  // Network failures, timeouts, an unreadable answer: the provider is not working for us now.
  const name = error instanceof Error ? error.name : 'unknown';
  return { code: 'provider-unavailable', cause: name };
}
