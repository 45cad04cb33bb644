import { createConnection, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, refusedUrl } from './index.ts';

const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('freePort', () => {
  it('should answer a loopback port that nothing listens on and that a server can take', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await connects(port)).toBe(false);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect(await connects(port)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('should answer a URL whose connections are refused', async () => {
    const url = new URL(await refusedUrl());
    expect(url.hostname).toBe('127.0.0.1');
    expect(await connects(Number(url.port))).toBe(false);
  });
});
