import { describe, expect, it } from 'vitest';
import { TOTP_STEP_MS, totpCode } from './index.ts';

// RFC 6238, appendix B: the SHA-1 key "12345678901234567890" (base32 below); 6 digits.
const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totpCode', () => {
  it('should give the RFC 6238 test vectors, cut to the 6 digits an app shows', () => {
    expect(totpCode(RFC_KEY, 59_000)).toBe('287082');
    expect(totpCode(RFC_KEY, 1_111_111_109_000)).toBe('081804');
  });

  it('should keep one code for a whole 30 s step', () => {
    expect(totpCode(RFC_KEY, 60_000)).toBe(totpCode(RFC_KEY, 60_000 + TOTP_STEP_MS - 1));
    expect(totpCode(RFC_KEY, 60_000)).not.toBe(totpCode(RFC_KEY, 60_000 + TOTP_STEP_MS));
  });
});
