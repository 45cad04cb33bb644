import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { HttpError } from '../lib/errors.ts';
import fp from 'fastify-plugin';

const refused = (message: string) => new HttpError(400, 'invalid-request', message);

/**
 * Why a body that secure-json-parse refused was refused. It says "forbidden prototype
 * property" for both keys it guards; telling them apart costs a second parse, on refusals only.
 */
function refusalOf(text: string): HttpError {
  try {
    JSON.parse(text);
  } catch {
    return refused('The body is not valid JSON.');
  }
  try {
    sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'ignore' });
  } catch {
    return refused('The body has a "__proto__" key, which is not allowed.');
  }
  return refused(
    'The body has a "constructor" key with a "prototype" inside, which is not allowed.',
  );
}

/**
 * Fastify's JSON parser, with the reason for a refusal in the answer: Fastify reports a
 * `__proto__` key as "not valid JSON", which sends the caller looking for a syntax error.
 * Keys that could reach an object's prototype are refused, never silently dropped.
 */
async function registerJsonBody(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Fastify does not decompress: a gzip body would be read as text and called broken JSON.
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      return done(
        new HttpError(
          415,
          'unsupported-media-type',
          `Send the body uncompressed: Content-Encoding "${encoding.slice(0, 40)}" is not accepted.`,
        ),
        undefined,
      );
    }
    const text = body as string;
    if (text.length === 0) return done(refused('The JSON body is empty.'), undefined);
    try {
      done(
        null,
        sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }),
      );
    } catch {
      done(refusalOf(text), undefined);
    }
  });
}

export const jsonBodyPlugin = fp(registerJsonBody, { name: 'json-body' });
