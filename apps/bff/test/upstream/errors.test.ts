import { describe, expect, it } from 'vitest';
import { bintuError, tokenServiceError } from '../../src/upstream/errors.ts';

const nano = (errorCode: number, message: string) => ({ success: false, errorCode, message });
const bintu = (code: number, message: string) => ({ error: { code, message } });

describe('tokenServiceError', () => {
  it.each([
    [400, nano(1000, 'Parameter required: streams'), 400, 'invalid-request'],
    [403, nano(1001, 'Provided APIKey is not valid'), 502, 'upstream-auth'],
    [401, nano(1001, 'Provided APIKey is not valid'), 502, 'upstream-auth'],
    [403, nano(2001, 'Access denied'), 403, 'upstream-forbidden'],
    [
      403,
      nano(2002, 'Organisation is not enabled for secure playback'),
      403,
      'secure-package-missing',
    ],
    [400, nano(2011, 'The token is not allowed for revocation'), 409, 'not-revocable'],
    [
      403,
      nano(2012, 'The provided token doesent belong to your organisation'),
      502,
      'upstream-refused',
    ],
    [403, nano(1002, 'jwt expired'), 502, 'upstream-refused'],
    [500, nano(500, 'Internal error'), 502, 'upstream-refused'],
    [503, undefined, 502, 'upstream-refused'],
    [404, '<html>', 502, 'upstream-malformed'],
  ])('should map HTTP %i %j to %i %s', (status, body, expected, code) => {
    const error = tokenServiceError(status, body);
    expect(error.statusCode).toBe(expected);
    expect(error.code).toBe(code);
  });

  it('should pass on the upstream errorCode and message of a refusal', () => {
    expect(tokenServiceError(403, nano(2012, 'other org')).toBody()).toMatchObject({
      upstream: { errorCode: 2012, message: 'other org' },
    });
    expect(tokenServiceError(400, nano(1000, 'Parameter invalid: ip')).message).toContain(
      'Parameter invalid: ip',
    );
  });
});

describe('bintuError', () => {
  it.each([
    [401, bintu(4002, 'User Credentials are not valid'), 502, 'upstream-auth'],
    [403, bintu(2001, 'Access denied'), 403, 'upstream-forbidden'],
    [404, bintu(3001, 'Stream not found'), 404, 'not-found'],
    [400, bintu(1004, 'Wrong Data Type: tags'), 400, 'invalid-request'],
    [409, bintu(1003, 'Parameter not unique'), 502, 'upstream-refused'],
    [500, bintu(500, 'Internal error'), 502, 'upstream-refused'],
    [400, { nonsense: true }, 502, 'upstream-malformed'],
  ])('should map HTTP %i %j to %i %s', (status, body, expected, code) => {
    const error = bintuError(status, body);
    expect(error.statusCode).toBe(expected);
    expect(error.code).toBe(code);
  });
});
