import type { FastifyInstance } from 'fastify';
import { HttpError } from '../lib/errors.ts';
import fp from 'fastify-plugin';

/** A UTF-16 surrogate without its other half: text that has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any request of the API (a bulk batch's stream list is 4 levels down). */
const MAX_DEPTH = 32;

const PROBLEMS = {
  nul: 'remove the NUL character (\\u0000)',
  surrogate: 'remove the broken character (a lone UTF-16 surrogate, \\ud800 to \\udfff)',
  depth: `nested more than ${MAX_DEPTH} levels deep`,
} as const;
type Problem = keyof typeof PROBLEMS;

const problemOf = (text: string): Problem | null =>
  text.includes('\u0000') ? 'nul' : LONE_SURROGATE.test(text) ? 'surrogate' : null;

/**
 * The path of the first string (value or key) holding a NUL character or a lone surrogate, and
 * which, or null; for a value nested more than MAX_DEPTH levels, its top-level field. A walk
 * with a list of its own rather than recursion: a body may nest as deep as its size allows
 * (64 KB of brackets is 32,768 levels), far beyond the call stack, and is not walked further.
 */
function badTextAt(root: unknown, rootPath: string): [string, Problem] | null {
  // Each value with its path, its depth and the top-level field it is in.
  const pending: Array<[unknown, string, number, string]> = [[root, rootPath, 0, rootPath]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path, depth, top] = next;
    if (typeof value === 'string') {
      const problem = problemOf(value);
      if (problem) return [path, problem];
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const entries = Object.entries(value);
    if (depth === MAX_DEPTH && entries.length > 0) return [top, 'depth'];
    for (const [key] of entries) {
      const problem = problemOf(key);
      if (problem) return [path ? `${path}.${key}` : key, problem];
    }
    // Last entry first onto the list, so the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i] as [string, unknown];
      const here = path ? `${path}.${key}` : key;
      pending.push([inner, here, depth + 1, depth === 0 ? here : top]);
    }
  }
  return null;
}

/**
 * PostgreSQL stores and compares no NUL character in text: a query with one fails there. So a
 * request carrying one in its path, query or body is refused before anything reads the
 * database for it (the public token endpoint looks its policy up while deciding CORS, before
 * validation), naming the field; on SQLite too, so both databases answer alike. A lone
 * surrogate (`"\ud800"` in JSON) likewise: it has no UTF-8 form, so PostgreSQL would keep
 * U+FFFD and SQLite bytes that are not UTF-8, neither what the token carries.
 */
async function registerNoNul(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const found =
      badTextAt(request.params, '') ?? badTextAt(request.query, '') ?? badTextAt(request.body, '');
    if (found === null) return;
    const [field, problem] = found;
    const message = `${field || 'The body'}: ${PROBLEMS[problem]}.`;
    throw new HttpError(400, 'invalid-request', message, { issues: [{ path: field, message }] });
  });
}

export const noNulPlugin = fp(registerNoNul, { name: 'no-nul' });
