import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/fixture.ts';

const { t } = useTestApp({ upstream: 'embedded' });

interface Schema {
  type?: string;
  maxLength?: number;
  maxItems?: number;
  items?: Schema;
  oneOf?: Schema[];
  required?: string[];
  properties?: Record<string, Schema>;
}
interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  requestBody?: { required?: boolean; content: { 'application/json': { schema: Schema } } };
  responses?: Record<string, { content: { 'application/json': { schema: Schema } } }>;
}

let doc: { paths: Record<string, Record<string, Operation>> } | undefined;
async function operation(method: string, path: string): Promise<Operation> {
  // What /api/openapi.json serves (to signed-in staff; security.test.ts covers who may read it).
  doc ??= JSON.parse(JSON.stringify(t.app.swagger())) as typeof doc;
  const found = doc?.paths[path]?.[method];
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return found;
}
const body = async (method: string, path: string) =>
  (await operation(method, path)).requestBody?.content['application/json'].schema ?? {};
const query = async (method: string, path: string, name: string) =>
  (await operation(method, path)).parameters?.find((p) => p.in === 'query' && p.name === name);

describe('the OpenAPI document', () => {
  it('should give every filter text its longest length, in the list, the preview and the revoke body', async () => {
    for (const path of ['/api/tokens', '/api/tokens/revocations/preview']) {
      for (const [name, max] of [
        ['user', 128],
        ['tag', 64],
        ['stream', 128],
        ['createdBy', 254],
      ] as const) {
        expect((await query('get', path, name))?.schema.maxLength, `${path} ${name}`).toBe(max);
      }
    }
    const filter = (await body('post', '/api/tokens/revocations')).properties?.filter;
    expect(filter?.properties?.user?.maxLength).toBe(128);
    expect(filter?.properties?.tag?.maxLength).toBe(64);
    expect((await body('post', '/api/tokens/revocations')).required).toContain('filter');
  });

  it('should give every new password its longest length', async () => {
    for (const [path, field] of [
      ['/api/account/password', 'newPassword'],
      ['/api/session/password', 'newPassword'],
      ['/api/password-reset', 'password'],
    ] as const) {
      const schema = await body('post', path);
      expect(schema.properties?.[field], path).toMatchObject({ minLength: 12, maxLength: 1024 });
      expect(schema.required, path).toContain(field);
    }
  });

  it('should say that a batch of tokens needs its options and their target', async () => {
    for (const path of ['/api/token-batches', '/api/token-batches/preview']) {
      const schema = await body('post', path);
      expect(schema.required, path).toEqual(expect.arrayContaining(['options', 'rows']));
      expect(schema.properties?.options?.required, path).toContain('target');
      expect(schema.properties?.options?.properties?.target?.type, path).toBe('object');
    }
  });

  it('should describe the streams of a token target in what the API answers, not only in what it accepts', async () => {
    const answer = (await operation('get', '/api/tokens/{id}')).responses?.['200']?.content[
      'application/json'
    ].schema;
    const streams = answer?.properties?.target?.oneOf?.[0]?.properties?.streams;
    expect(streams).toMatchObject({ type: 'array', maxItems: 50, items: { type: 'string' } });
  });
});
