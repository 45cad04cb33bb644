import type { CustomFetch } from 'openid-client';

/**
 * The most read of one answer of the provider (discovery, its keys, the token endpoint's).
 * They are a few KB (an ID token with a long groups claim some tens); a larger one is not read.
 */
export const MAX_PROVIDER_ANSWER_BYTES = 256 * 1024;

export class ProviderAnswerTooLarge extends Error {
  override name = 'ProviderAnswerTooLarge';

  constructor(url: string) {
    super(
      `The identity provider's answer from ${url} is larger than ${MAX_PROVIDER_ANSWER_BYTES / 1024} KB.`,
    );
  }
}

/**
 * fetch for openid-client that reads at most MAX_PROVIDER_ANSWER_BYTES of an answer: a larger
 * Content-Length is refused unread, a body that grows past it is cut off. The request's own
 * timeout signal still applies while reading.
 */
export const boundedFetch: CustomFetch = async (url, options) => {
  const response = await fetch(url, options);
  const body = response.body;
  if (Number(response.headers.get('content-length')) > MAX_PROVIDER_ANSWER_BYTES) {
    await body?.cancel();
    throw new ProviderAnswerTooLarge(url);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body) {
    // Leaving the loop early cancels the stream.
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > MAX_PROVIDER_ANSWER_BYTES) throw new ProviderAnswerTooLarge(url);
      chunks.push(chunk);
    }
  }
  return new Response(body ? Buffer.concat(chunks) : null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};
