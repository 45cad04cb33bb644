import type { CreateTokenResponse, TokenRequestInput } from '@ptd/contracts';
import type { Client } from './client.ts';

export const CUP_FINAL = 'DmEvt-CupFn';

/** A token request for the seeded live stream, with overrides. */
export const tokenRequest = (overrides: Partial<TokenRequestInput> = {}): TokenRequestInput => ({
  target: { type: 'streams', streams: [CUP_FINAL] },
  ...overrides,
});

export async function createToken(client: Client, overrides: Partial<TokenRequestInput> = {}) {
  const response = await client.post('/api/tokens', tokenRequest(overrides));
  if (response.statusCode !== 201) throw new Error(`token create failed: ${response.body}`);
  return response.json<CreateTokenResponse>();
}
