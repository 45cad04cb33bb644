import type { CreateTokenResponse, Stream, TokenRequest, TokenRequestInput } from '@ptd/contracts';

/**
 * The request plus the form's own answer to "use this private address anyway?": the address
 * it was confirmed for, so that a changed address needs confirming again. Never sent.
 */
export type TokenFormInput = TokenRequestInput & { ipConfirmedFor?: string };
export type TokenFormOutput = TokenRequest;
export type TargetType = TokenRequestInput['target']['type'];

/** What the form hands on after a token was created (kept in memory while it is shown). */
export interface CreatedToken {
  response: CreateTokenResponse;
  /** The streams the token names, as far as the form knows them (for playout URLs). */
  streams: Stream[];
  /** The stream the form was opened for, if any. */
  preferred?: Stream;
}
