/** Decodes a JWT for display only. It verifies nothing: the token service does that. */

export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export type DecodeResult = { ok: true; token: DecodedToken } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Node's Buffer where there is one (the BFF decodes every token it mints); absent in browsers. */
const nodeBuffer = (
  globalThis as { Buffer?: { from(value: string, encoding: 'base64url'): Uint8Array } }
).Buffer;

function segmentBytes(segment: string): Uint8Array {
  if (nodeBuffer) return nodeBuffer.from(segment, 'base64url');
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  // A plain loop: `Uint8Array.from(binary, mapFn)` calls a function per byte.
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeSegment(segment: string): Record<string, unknown> {
  const value: unknown = JSON.parse(utf8.decode(segmentBytes(segment)));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('not an object');
  }
  return value as Record<string, unknown>;
}

export function decodeToken(token: string): DecodeResult {
  const parts = token.trim().split('.');
  if (
    parts.length !== 3 ||
    parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) ||
    !parts[0] ||
    !parts[1]
  ) {
    return {
      ok: false,
      reason: 'This is not a JWT: expected three base64url parts separated by dots.',
    };
  }
  try {
    return {
      ok: true,
      token: { header: decodeSegment(parts[0]), claims: decodeSegment(parts[1]) },
    };
  } catch {
    return {
      ok: false,
      reason: 'The token header or claims are not valid base64url-encoded JSON.',
    };
  }
}
