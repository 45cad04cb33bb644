import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPolicy, policyInput } from '../../helpers/policies.ts';
import { tokenRequest } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let ids: { policy: string; staff: string };

const {
  t,
  clients: { admin },
} = useTestApp({ clients: { admin: 'seeded-admin' } });
beforeAll(async () => {
  ids = { policy: (await createPolicy(admin)).id, staff: admin.session?.user.id ?? '' };
});

type Method = 'POST' | 'PUT' | 'PATCH';

/** Every /api route that takes a body, as the OpenAPI document names it. */
const ROUTES: Array<[Method, string]> = [
  ['POST', '/api/session'],
  ['POST', '/api/streams'],
  ['POST', '/api/tokens'],
  ['POST', '/api/tokens/inspect'],
  ['POST', '/api/token-batches'],
  ['POST', '/api/token-batches/preview'],
  ['POST', '/api/tokens/revocations'],
  ['POST', '/api/policies'],
  ['PUT', '/api/policies/{id}'],
  ['POST', '/api/staff'],
  ['PATCH', '/api/staff/{id}'],
  ['POST', '/api/account/password'],
  ['POST', '/api/account/two-factor/confirm'],
  ['POST', '/api/password-reset'],
  ['POST', '/api/password-reset/check'],
  ['POST', '/api/session/enrolment/confirm'],
  ['POST', '/api/session/password'],
  ['POST', '/api/session/two-factor'],
  ['POST', '/api/session/confirm'],
];

const JSON_TYPE = { 'content-type': 'application/json' };

/** Bodies that are not a JSON object: what a script, not the SPA, would send. */
const BODIES: Array<[string, Pick<InjectOptions, 'payload' | 'headers'>]> = [
  ['null', { payload: 'null', headers: JSON_TYPE }],
  ['no body at all', {}],
  ['an empty JSON body', { payload: '', headers: JSON_TYPE }],
  ['an array', { payload: '[]', headers: JSON_TYPE }],
  ['a string', { payload: '"text"', headers: JSON_TYPE }],
  ['a number', { payload: '42', headers: JSON_TYPE }],
  ['true', { payload: 'true', headers: JSON_TYPE }],
];

const CASES = ROUTES.flatMap(([method, path]) =>
  BODIES.map(([label, body]) => [`${method} ${path}`, label, body] as const),
);

const urlOf = (path: string) =>
  path.replace('/policies/{id}', `/policies/${ids.policy}`).replace('{id}', ids.staff);

describe('bodies that are not a JSON object', () => {
  it('should cover every route that takes a body', async () => {
    // What /api/openapi.json serves to signed-in staff.
    const doc = t.app.swagger() as unknown as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const withBody = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.requestBody !== undefined)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const apiRoutes = withBody.filter((route) => route.split(' ')[1]?.startsWith('/api/'));
    expect(apiRoutes.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
  });

  it.each(CASES)(
    'should answer %s with %s by a 400 that names the body',
    async (route, _label, body) => {
      const [method, path] = route.split(' ') as [Method, string];
      const response = await t.app.inject({
        method,
        url: urlOf(path),
        ...body,
        headers: {
          ...body.headers,
          cookie: admin.cookie ?? '',
          'x-csrf-token': admin.csrf ?? '',
        },
      });
      expect(response.statusCode, response.body).toBe(400);
      const answer = response.json<{ code: string; message: string }>();
      expect(answer.code).toBe('invalid-request');
      expect(answer.message).toMatch(/body/i);
    },
  );
});

/** JSON nested as deep as the body limit allows: valid, and deeper than any call stack. */
const DEEP_ARRAY = '['.repeat(30_000) + ']'.repeat(30_000);
const deepField = (field: string) => `{"${field}":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;

describe('compressed bodies', () => {
  it.each(['gzip', 'br', 'deflate, gzip'])(
    'should refuse Content-Encoding %s with 415, however the bytes look',
    async (encoding) => {
      for (const payload of ['{"tag":"plain text, not compressed"}', '\u001f\u008b\u0008\u0000']) {
        const response = await admin.post('/api/tokens', payload, {
          headers: { ...JSON_TYPE, 'content-encoding': encoding },
        });
        expect(response.statusCode).toBe(415);
        expect(response.json()).toEqual({
          code: 'unsupported-media-type',
          message: `Send the body uncompressed: Content-Encoding "${encoding}" is not accepted.`,
        });
      }
    },
  );

  it('should read a body marked identity as it is', async () => {
    const response = await admin.post(
      '/api/tokens/inspect',
      { token: 'not.a.token' },
      {
        headers: { 'content-encoding': 'identity' },
      },
    );
    expect(response.statusCode).toBeLessThan(500);
    expect(response.statusCode).not.toBe(415);
  });
});

describe('bodies nested very deep', () => {
  it.each(ROUTES)('should answer %s %s with a 400, not a 500', async (method, path) => {
    for (const payload of [DEEP_ARRAY, deepField('tag')]) {
      const response = await t.app.inject({
        method,
        url: urlOf(path),
        payload,
        headers: { ...JSON_TYPE, cookie: admin.cookie ?? '', 'x-csrf-token': admin.csrf ?? '' },
      });
      expect(response.statusCode, response.body.slice(0, 200)).toBe(400);
      expect(response.json<{ code: string }>().code).toBe('invalid-request');
    }
  });

  it('should answer the public viewer-token endpoint with a 400 naming the field', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/playback-token',
      payload: deepField('policy'),
      headers: { ...JSON_TYPE, origin: 'https://shop.example.com' },
      remoteAddress: '203.0.113.7',
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/^policy: /);
  });

  it('should name the top-level field and walk no further than 32 levels', async () => {
    const deep = await admin.post('/api/tokens', deepField('tag'), { headers: JSON_TYPE });
    expect(deep.statusCode).toBe(400);
    expect(deep.json()).toEqual({
      code: 'invalid-request',
      message: 'tag: nested more than 32 levels deep.',
      issues: [{ path: 'tag', message: 'tag: nested more than 32 levels deep.' }],
    });
    // 32 levels are walked: a NUL character down there is still found and named.
    const payload = `{"tag":${'['.repeat(31)}"a\\u0000b"${']'.repeat(31)}}`;
    const nul = await admin.post('/api/tokens', payload, { headers: JSON_TYPE });
    expect(nul.statusCode).toBe(400);
    expect(nul.json<{ message: string }>().message).toBe(
      `tag${'.0'.repeat(31)}: remove the NUL character (\\u0000).`,
    );
  });

  it('should refuse a label that would read otherwise where it is shown, naming the field and writing nothing', async () => {
    // A right-to-left override makes "\u202Eevil" read "live" in the overview, the audit log
    // and an export; the others break a line or hide a character between two that look alike.
    const hidden = [
      '\u202Eevil',
      'ev\u200Bil',
      'a\u2028b',
      'c1\u0085',
      'x\u2066y\u2069',
      'b\uFEFFom',
      // Invisible too: a soft hyphen, and tag characters (whole words no one sees).
      'v\u00ADip',
      'vip\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}',
      // Characters that render as nothing: a grapheme joiner, a Hangul filler, a variation
      // selector after a letter.
      'vi\u034Fp',
      'vip\u3164',
      'vip\uFE0F',
    ];
    const staffBefore = (await admin.get('/api/staff')).json<unknown[]>().length;
    for (const value of hidden) {
      const cases: Array<[string, string, unknown]> = [
        ['/api/tokens', 'user', tokenRequest({ user: value })],
        ['/api/tokens', 'tag', tokenRequest({ tag: value })],
        ['/api/policies', 'name', policyInput({ name: value })],
        ['/api/streams', 'tags.0', { tags: [value] }],
        [
          '/api/staff',
          'displayName',
          {
            email: 'hidden@example.com',
            displayName: value,
            role: 'viewer',
            password: 'a long enough password',
          },
        ],
      ];
      for (const [url, field, body] of cases) {
        const response = await admin.post(url, body);
        expect(response.statusCode, `${url} ${field} ${JSON.stringify(value)}`).toBe(400);
        const issue = response.json<{ issues: Array<{ path: string; message: string }> }>()
          .issues[0];
        expect(issue?.path).toBe(field);
        expect(issue?.message).toMatch(
          /: remove line breaks, control characters and invisible formatting characters/,
        );
      }
    }
    expect((await admin.get('/api/staff')).json<unknown[]>()).toHaveLength(staffBefore);
    // Combining marks stacked over the lines around them, or one doubled to look single.
    for (const value of [`vip${'\u0336\u0489\u0300\u0301\u0302'.repeat(4)}`, 'vi\u0301\u0301p']) {
      for (const [url, field, body] of [
        ['/api/tokens', 'tag', tokenRequest({ tag: value })],
        ['/api/streams', 'tags.0', { tags: [value] }],
      ] as const) {
        const response = await admin.post(url, body);
        expect(response.statusCode, `${url} ${field} ${JSON.stringify(value)}`).toBe(400);
        const issue = response.json<{ issues: Array<{ path: string; message: string }> }>()
          .issues[0];
        expect(issue?.path).toBe(field);
        expect(issue?.message).toMatch(/: at most four accents or other combining marks/);
      }
    }
    // Joiners stay: scripts and emoji need them.
    const emoji = await admin.post(
      '/api/tokens',
      tokenRequest({ tag: 'fans \u{1F469}\u200D\u{1F4BB}' }),
    );
    expect(emoji.statusCode).toBe(201);
    // And an emoji's presentation selector.
    const heart = await admin.post('/api/tokens', tokenRequest({ tag: 'fans \u2764\uFE0F' }));
    expect(heart.statusCode, heart.body).toBe(201);
    // So does a subdivision flag, which is written with tag characters.
    const flag = await admin.post(
      '/api/tokens',
      tokenRequest({ tag: 'fans \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}' }),
    );
    expect(flag.statusCode, flag.body).toBe(201);
  });
});

describe('messages that begin with their field', () => {
  it('should name the field once when its message already begins with the field’s name', async () => {
    const response = await admin.post('/api/tokens/revocations', {
      filter: { tag: 'finale' },
      expectedCount: 1,
      asOf: '2026-02-30T06:30:00.000Z',
    });
    expect(response.statusCode).toBe(400);
    const message =
      'asOf: the time the preview answered with (ISO 8601, e.g. 2026-12-01T06:30:00.000Z).';
    expect(response.json()).toEqual({
      code: 'invalid-request',
      message,
      issues: [{ path: 'asOf', message }],
    });
  });
});
