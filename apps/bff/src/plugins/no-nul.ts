import type { FastifyInstance } from 'fastify';
import { HttpError } from '../lib/errors.ts';
import fp from 'fastify-plugin';

/**
 * The path of the first string (value or key) holding a NUL character, or null. A walk with a
 * list of its own rather than recursion: a body may nest as deep as its size allows (64 KB of
 * brackets is 32,768 levels), far beyond the call stack.
 */
function nulAt(root: unknown, rootPath: string): string | null {
  const pending: Array<[unknown, string]> = [[root, rootPath]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const entries = Object.entries(value);
    for (const [key] of entries) {
      if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
    }
    // Last entry first onto the list, so the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i] as [string, unknown];
      pending.push([inner, path ? `${path}.${key}` : key]);
    }
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
