import type { FastifyInstance } from 'fastify';
import { HttpError } from '../lib/errors.ts';
import fp from 'fastify-plugin';

/** The path of the first string (value or key) holding a NUL character, or null. */
function nulAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const found = nulAt(inner, here);
    if (found !== null) return found;
  }
  return null;
}

/**
 * PostgreSQL stores and compares no NUL character in text: a query with one fails there. So a
 * request carrying one in its path, query or body is refused before anything reads the
 * database for it (the public token endpoint looks its policy up while deciding CORS, before
 * validation), naming the field; on SQLite too, so both databases answer alike.
 */
async function registerNoNul(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const field = nulAt(request.params, '') ?? nulAt(request.query, '') ?? nulAt(request.body, '');
    if (field === null) return;
    const message = `${field || 'The body'}: remove the NUL character (\\u0000).`;
    throw new HttpError(400, 'invalid-request', message, { issues: [{ path: field, message }] });
  });
}

export const noNulPlugin = fp(registerNoNul, { name: 'no-nul' });
