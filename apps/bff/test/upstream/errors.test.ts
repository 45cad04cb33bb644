import { describe, expect, it } from 'vitest';
import {
  bintuError,
  slowDownMs,
  tokenServiceError,
  UpstreamBusy,
  verdictMessage,
} from '../../src/upstream/errors.ts';

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
    const error = tokenServiceError(status, body, Date.now());
    expect(error.statusCode).toBe(expected);
    expect(error.code).toBe(code);
  });

  it('should pass on the upstream errorCode but none of its text', () => {
    const echo = 'secret-credential eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';
    for (const [status, code] of [
      [403, 2012],
      [400, 1000],
      [500, 500],
      [418, 7777],
      [400, 2011],
      [403, 1002],
    ] as const) {
      const body = tokenServiceError(status, nano(code, echo), Date.now()).toBody();
      expect(JSON.stringify(body)).not.toContain('secret-credential');
      expect(JSON.stringify(body)).not.toContain('eyJ');
      expect(body.upstream).toEqual({ errorCode: code });
    }
  });

  it.each([
    [400, 1000, /^ip: .*does not accept this client IP value/],
    [403, 1002, /expired or is no longer valid/],
    [400, 2004, /cannot read the token/],
    [403, 2012, /another organisation/],
    [418, 7777, /refused the request \(HTTP 418, code 7777\)/],
    [500, 500, /failed \(HTTP 500, code 500\)/],
  ])('should explain HTTP %i errorCode %i in our own words', (status, code, message) => {
    expect(
      tokenServiceError(status, nano(code, 'Parameter invalid: ip'), Date.now()).message,
    ).toMatch(message);
  });

  it('should name only a field it knows from a parameter refusal', () => {
    expect(
      tokenServiceError(400, nano(1000, 'Parameter required: streams'), Date.now()).message,
    ).toMatch(/streams/);
    const unknown = tokenServiceError(
      400,
      nano(1000, 'Parameter invalid: hunter2'),
      Date.now(),
    ).message;
    expect(unknown).not.toContain('hunter2');
    expect(unknown).toMatch(/a value/);
  });
});

describe('slowDownMs', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it.each([
    ['12', 12_000],
    [' 7 ', 7_000],
    ['0', 1_000],
    ['3600', 60_000],
    ['Tue, 01 Dec 2026 12:00:20 GMT', 20_000],
    ['Tue, 01 Dec 2026 11:59:00 GMT', 1_000],
    ['Wed, 02 Dec 2026 12:00:00 GMT', 60_000],
    [undefined, 5_000],
    ['', 5_000],
    ['-3', 5_000],
    ['1.5', 5_000],
    ['soon', 5_000],
  ])('should wait for Retry-After %j: %i ms', (retryAfter, ms) => {
    expect(slowDownMs(retryAfter, now)).toBe(ms);
  });

  it('should keep the Retry-After of a 429 on its error', () => {
    const error = tokenServiceError(429, nano(429, 'Too many'), Date.now(), '30');
    expect(error).toBeInstanceOf(UpstreamBusy);
    expect(error).toMatchObject({ statusCode: 503, code: 'upstream-busy', retryAfter: '30' });
  });
});

describe('verdictMessage', () => {
  it.each([
    [403, 1002, 'jwt expired', /has expired/],
    [403, 1002, 'invalid signature', /signature/],
    [403, 1002, 'jwt not active', /not valid yet/],
    [403, 1002, 'jwt revoked', /revoked/],
    [403, 1002, 'jwt expired eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', /refuses this token/],
    [400, 2004, 'Malformed JWT', /cannot read/],
    [403, 4242, 'secret-credential', /refuses this token \(HTTP 403, code 4242\)/],
  ])('should describe HTTP %i %i %j in our own words', (status, code, text, expected) => {
    const message = verdictMessage(status, code, text);
    expect(message).toMatch(expected);
    expect(message).not.toContain('eyJ');
    expect(message).not.toContain('secret-credential');
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

  it('should explain a known bintu refusal without its text, naming a known field', () => {
    const body = bintuError(400, bintu(1004, 'Wrong Data Type: tags secret-credential')).toBody();
    expect(body.message).toMatch(/tags/);
    expect(JSON.stringify(body)).not.toContain('secret-credential');
    expect(body.upstream).toEqual({ errorCode: 1004 });
    expect(bintuError(409, bintu(1003, 'secret-credential')).message).toMatch(
      /refused the request \(HTTP 409, code 1003\)/,
    );
  });
});
