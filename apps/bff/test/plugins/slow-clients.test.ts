import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { MAX_UNSENT_ANSWERS } from '../../src/plugins/pipelining.ts';
import { useTestApp } from '../helpers/fixture.ts';

// A second, so that each case ends within a few; the default is 60 s. The API's description
// open to anyone: a large answer a client without a session can ask for (see the last case).
const { t } = useTestApp({
  upstream: 'embedded',
  env: { REQUEST_TIMEOUT_MS: '1000', API_DOCS: 'public' },
});

/**
 * A client that sends `head` and then one byte of `trickle` every 200 ms (for at most 8 s),
 * reading whatever comes back: what it read and how long the server kept the connection open.
 */
async function slowClient(head: string, trickle: string) {
  if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  const started = Date.now();
  return new Promise<{ answer: string; openMs: number }>((resolve, reject) => {
    let answer = '';
    let sent = 0;
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    const timer = setInterval(() => {
      if (sent < trickle.length && Date.now() - started < 8000) {
        socket.write(trickle.charAt(sent));
        sent += 1;
      } else {
        socket.destroy();
      }
    }, 200);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, openMs: Date.now() - started });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
  });
}

describe('clients that send a request slowly', () => {
  it('should answer headers sent a byte at a time with 408 once REQUEST_TIMEOUT_MS is over', async () => {
    const { answer, openMs } = await slowClient(
      'POST /playback-token HTTP/1.1\r\nHost: localhost\r\n',
      'X-Slow: ' + 'a'.repeat(100),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"request-timeout"');
    expect(openMs).toBeLessThan(3500);
  });

  it('should answer a body sent a byte at a time with 408 once REQUEST_TIMEOUT_MS is over', async () => {
    const { answer, openMs } = await slowClient(
      'POST /playback-token HTTP/1.1\r\nHost: localhost\r\nOrigin: https://shop.example.com\r\n' +
        'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"policy":"',
      'p'.repeat(200),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(openMs).toBeLessThan(3500);
  });

  it('should give every request 60 s to arrive unless told otherwise', () => {
    expect(loadConfig({ DATA_DIR: t.dataDir }).limits.requestTimeoutMs).toBe(60_000);
    expect(t.app.server.requestTimeout).toBe(1000);
    expect(t.app.server.headersTimeout).toBe(1000);
  });
});

describe('a client that does not read its answers', () => {
  it('should close its connection rather than keep the answers of the requests it piles up', async () => {
    if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    // Requests answered (each answer then kept until sent): Node hands over every request it
    // has read, and only the ones that are run end their answer.
    let handled = 0;
    const count = (_request: IncomingMessage, response: ServerResponse) => {
      const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
      response.end = ((...args: unknown[]) => {
        handled += 1;
        return end(...args);
      }) as ServerResponse['end'];
    };
    t.app.server.on('request', count);
    const connections = () =>
      new Promise<number>((resolve) => t.app.server.getConnections((_e, n) => resolve(n)));
    try {
      // 2,000 requests for the API description (about 240 KB each) in one write, none read:
      // each answer was kept in memory for as long as the client kept the connection.
      const socket = connect(port, '127.0.0.1');
      socket.pause();
      socket.on('error', () => {});
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('GET /api/docs/json HTTP/1.1\r\nHost: localhost\r\n\r\n'.repeat(2000));
      while (handled === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await connections()) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await connections()).toBe(0);
      expect(handled).toBeLessThanOrEqual(MAX_UNSENT_ANSWERS + 1);
      socket.destroy();
    } finally {
      t.app.server.off('request', count);
    }
  });
});
