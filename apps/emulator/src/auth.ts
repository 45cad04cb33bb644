import { AUTH_HEADER_APIKEY, AUTH_HEADER_TOKEN } from '@ptd/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import type { Credential, CredentialKind, Organisation, Role } from './seed/types.ts';

export interface Caller {
  org: Organisation;
  role: Role;
  kind: CredentialKind;
}

const headerValue = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** Organisations and credentials known to the emulator. */
export class Directory {
  private readonly orgs = new Map<string, Organisation>();
  private readonly credentials = new Map<string, Credential>();

  constructor(orgs: readonly Organisation[], credentials: readonly Credential[]) {
    for (const org of orgs) this.orgs.set(org.id, org);
    for (const c of credentials) this.credentials.set(`${c.kind}:${c.value}`, c);
  }

  organisation(id: string): Organisation | undefined {
    return this.orgs.get(id);
  }

  /**
   * Resolves the caller from `X-BINTU-TOKEN` or `X-BINTU-APIKEY`. When both are sent the
   * bintu token wins: it is the narrower, role-scoped credential the docs recommend.
   * A value is only valid in its own header (a bintu token sent as API key is refused).
   */
  resolve(headers: IncomingHttpHeaders): Caller | undefined {
    const token = headerValue(headers[AUTH_HEADER_TOKEN]);
    const apiKey = headerValue(headers[AUTH_HEADER_APIKEY]);
    const key = token ? `token:${token}` : apiKey ? `apikey:${apiKey}` : undefined;
    const credential = key ? this.credentials.get(key) : undefined;
    const org = credential && this.orgs.get(credential.orgId);
    return credential && org ? { org, role: credential.role, kind: credential.kind } : undefined;
  }
}

/** nanoReadOnly may read; nanoAdmin and nanoUser may also create and revoke. */
export const canWrite = (caller: Caller) => caller.role !== 'readonly';
