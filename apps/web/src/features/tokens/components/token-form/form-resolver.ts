import { zodResolver } from '@hookform/resolvers/zod';
import { createTokenRequestSchema, nonPublicIPv4 } from '@ptd/contracts';
import type { Resolver } from 'react-hook-form';
import { meantAsNowOrLater } from '@/lib/server-clock.ts';
import type { TokenFormInput, TokenFormOutput } from './types.ts';

export const CONFIRM_IP_MESSAGE =
  'Client IP: confirm that you mean this address, or enter the viewer’s public IPv4 address.';

/**
 * The contract's rules, judged by the server's clock (`now`), plus one of the form's own: a
 * private or special client IP is allowed only once confirmed, since the edge sees viewers'
 * public addresses and such a token plays nowhere but in a lab. A not-before picked as "now" on
 * a browser clock that runs fast is sent as the server's now (`meantAsNowOrLater`).
 */
export function tokenFormResolver(
  now: () => number,
): Resolver<TokenFormInput, unknown, TokenFormOutput> {
  const resolve = zodResolver(createTokenRequestSchema(now));
  return async (values, context, options) => {
    const { ipConfirmedFor, ...request } = values;
    const result = await resolve(request, context, options as never);
    if (result.values.notBefore !== undefined) {
      result.values.notBefore = meantAsNowOrLater(result.values.notBefore);
    }
    const ip = request.ip?.trim() ?? '';
    if (!nonPublicIPv4(ip) || ipConfirmedFor === ip) return result;
    return {
      values: {},
      errors: {
        ...result.errors,
        ipConfirmedFor: { type: 'confirm', message: CONFIRM_IP_MESSAGE },
      },
    };
  };
}
