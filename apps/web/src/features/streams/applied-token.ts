/** A playback token applied to a stream overview's playout URL and snippet (page state only). */
export interface AppliedPlaybackToken {
  token: string;
  expiresAt: string;
  tag: string | null;
}
