import { unmapIPv4 } from '@ptd/contracts';
import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { HttpError } from '../../lib/errors.ts';

export interface ClientAddress {
  ip: string;
  version: 4 | 6;
}

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.trim();

/**
 * The viewer's address. The socket's, unless the socket is a trusted proxy (TRUST_PROXY): then
 * X-Forwarded-For as Fastify reads it (walking back through trusted hops), or else X-Real-IP.
 * From anyone else both headers are ignored: a viewer cannot choose the IP its token binds.
 * IPv4-mapped IPv6 addresses (`::ffff:203.0.113.7`) are unwrapped to IPv4.
 */
export function clientAddress(
  request: FastifyRequest,
  trusted: (address: string) => boolean,
): ClientAddress {
  const socket = request.socket.remoteAddress ?? '';
  let address = socket;
  if (trusted(socket)) {
    if (request.headers['x-forwarded-for'] !== undefined) address = request.ip;
    else address = first(request.headers['x-real-ip']) || socket;
  }
  const ip = unmapIPv4(address.trim().replace(/^\[(.*)\]$/, '$1'));
  const version = isIP(ip);
  if (version === 0) {
    throw new HttpError(
      400,
      'client-address-invalid',
      'The client address forwarded by the proxy is not an IP address.',
    );
  }
  return { ip, version: version === 4 ? 4 : 6 };
}
