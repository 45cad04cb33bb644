import type { SsoErrorCode } from '@ptd/contracts';
import * as client from 'openid-client';

/**
 * What went wrong with the provider's answer, in the dashboard's terms; `cause` is the
 * library's error code (never the provider's text or a token) for the audit log.
 */
export function failureOf(error: unknown): { code: SsoErrorCode; cause: string } {
  if (error instanceof client.AuthorizationResponseError) {
    return { code: 'provider-refused', cause: error.error };
  }
  if (error instanceof client.ResponseBodyError) {
    // The token endpoint said no: a used or expired code, a wrong verifier or client secret.
    return { code: 'code-rejected', cause: error.error };
  }
  if (error instanceof client.ClientError) {
    const cause = error.code ?? 'client-error';
    if (cause === 'OAUTH_INVALID_RESPONSE' && /state/i.test(error.message)) {
      return { code: 'wrong-state', cause };
    }
    if (/JWT|ID_TOKEN|KEY_SELECTION|INVALID_RESPONSE|JSON_ATTRIBUTE/.test(cause)) {
      return { code: 'id-token-invalid', cause };
    }
  }
  // Network failures, timeouts, an unreadable answer: the provider is not working for us now.
  const name = error instanceof Error ? error.name : 'unknown';
  return { code: 'provider-unavailable', cause: name };
}
