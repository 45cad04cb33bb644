import type { Exchange } from './oracle.ts';
import type { Repro } from './send-inject.ts';
import { sendRaw } from './socket.ts';
import type { TransportCase } from './transport-cases.ts';
import type { World } from './world.ts';

/** An answer is owed at once; a cut-short body is given a moment and then dropped. */
const ANSWER_MS = 5000;
const CUT_MS = 400;

function bodyBytes(world: World, body: TransportCase['body']): Buffer {
  if (Buffer.isBuffer(body)) return body;
  const bytes = Buffer.from(JSON.stringify(world.pools.resolve(body.json)) ?? 'null');
  return body.frame ? body.frame(bytes) : bytes;
}

function build(world: World, c: TransportCase): Buffer {
  const body = bodyBytes(world, c.body);
  const caller = world.callers[c.caller];
  const lines = [`host: 127.0.0.1:${world.port}`, 'connection: close'];
  if (caller.cookie) lines.push(`cookie: ${caller.cookie}`);
  if (c.csrf && caller.csrf) lines.push(`x-csrf-token: ${caller.csrf}`);
  lines.push(...c.headers);
  const framed = c.headers.some((h) => /^(content-length|transfer-encoding):/i.test(h));
  if (!framed && (body.length > 0 || c.method === 'POST')) {
    lines.push(`content-length: ${body.length}`);
  }
  const start = c.raw ?? Buffer.from(`${c.method} ${c.target} HTTP/1.1\r\n`);
  return Buffer.concat([start, Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]);
}

/** The path the router sees: without an absolute-form origin, the query or a fragment. */
const pathOf = (target: string) =>
  target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '';

export async function sendCase(
  world: World,
  c: TransportCase,
): Promise<{ exchange: Exchange; repro: Repro }> {
  const bytes = build(world, c);
  const responses = await sendRaw(world.port, {
    bytes,
    method: c.method,
    end: Boolean(c.cut),
    timeoutMs: c.cut ? CUT_MS : ANSWER_MS,
  });
  const first = responses[0];
  const caller = world.callers[c.caller];
  let shown = bytes.subarray(0, 600).toString('latin1') + (bytes.length > 600 ? '…' : '');
  if (caller.cookie) shown = shown.replace(caller.cookie, `<${c.caller} session cookie>`);
  if (caller.csrf) shown = shown.replace(caller.csrf, `<${c.caller} csrf token>`);
  return {
    exchange: {
      route: c.route ? `${c.method} ${c.route.path}` : `RAW ${c.category}`,
      method: c.method,
      path: pathOf(c.target),
      caller: c.caller,
      csrf: c.csrf ? 'ok' : 'none',
      origin: c.headers.some((h) => /^origin:/i.test(h)) ? 'foreign' : 'none',
      status: first?.status ?? null,
      headers: first?.headers ?? {},
      body: first?.body ?? '',
      upstream: world.upstream.take(),
      expectAnswer: !c.cut,
    },
    repro: {
      transport: 'socket',
      caller: c.caller,
      method: c.method,
      url: c.target,
      headers: {},
      raw: `${c.category}: ${shown}`,
    },
  };
}
