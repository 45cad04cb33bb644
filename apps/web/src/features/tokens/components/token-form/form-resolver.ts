import { zodResolver } from '@hookform/resolvers/zod';
import { createTokenRequestSchema, nonPublicIPv4 } from '@ptd/contracts';
import type { Resolver } from 'react-hook-form';
import type { TokenFormInput, TokenFormOutput } from './types.ts';

export const CONFIRM_IP_MESSAGE =
  'Client IP: confirm that you mean this address, or enter the viewer’s public IPv4 address.';

/**
 * The contract's rules, judged by the server's clock (`now`), plus one of the form's own: a
 * private or special client IP is allowed only once confirmed, since the edge sees viewers'
 * public addresses and such a token plays nowhere but in a lab.
 */
export function tokenFormResolver(
  now: () => number,
): Resolver<TokenFormInput, unknown, TokenFormOutput> {
  const resolve = zodResolver(createTokenRequestSchema(now));
  return async (values, context, options) => {
    const { ipConfirmedFor, ...request } = values;
    const result = await resolve(request, context, options as never);
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
