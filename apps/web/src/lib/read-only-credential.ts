import type { Session } from '@ptd/contracts';

/** A nanoReadOnly credential can list and inspect, not create or revoke (the BFF refuses too). */
export const hasReadOnlyCredential = (session: Session | null | undefined) =>
  session?.organisation.credentialRole === 'nanoReadOnly';

export const READ_ONLY_CREDENTIAL =
  'The dashboard’s nanoStream credential is read-only (nanoReadOnly): it can list and inspect tokens but cannot create or revoke tokens. An administrator must configure a nanoUser or nanoAdmin bintu token, or the organisation API key.';

/** The short form, beside a disabled button. */
export const READ_ONLY_SHORT =
  'Off: the dashboard’s nanoStream credential is read-only (nanoReadOnly).';
