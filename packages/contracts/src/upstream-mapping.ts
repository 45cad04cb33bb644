import type { SplayRequest } from './nanostream.ts';
import { toUnixSeconds, type MintedTokenRequest } from './token-request.ts';

/** Maps a validated dashboard request to the token service body (times in whole seconds). */
export function toSplayRequest(request: MintedTokenRequest): SplayRequest {
  const body: SplayRequest = { exp: toUnixSeconds(request.expiresAt) };
  if (request.target.type === 'streams') body.streams = [...request.target.streams];
  else if (request.target.type === 'group') body.groupid = request.target.groupId;
  else body.orgawide = true;
  if (request.notBefore !== undefined) body.nbf = toUnixSeconds(request.notBefore);
  if (request.revocable) body.revocable = true;
  if (request.forceDisconnect) body.forceDisconnect = true;
  if (request.ip !== undefined) body.ip = request.ip;
  if (request.domain !== undefined) body.domain = request.domain;
  if (request.tag !== undefined) body.tag = request.tag;
  if (request.user !== undefined) body.user = request.user;
  return body;
}
