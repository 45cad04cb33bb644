/** History state a new stream's overview opens with (never a token). */
export interface StreamLocationState {
  /** "Secure with a playback token right away" was ticked: open the token dialog. */
  secureWithToken?: boolean;
}
