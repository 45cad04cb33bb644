import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBffProcess, type BffProcess } from './bff-process.ts';
import { testDatabaseUrl } from './database.ts';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process.ts';

/**
 * A TCP relay in front of PostgreSQL that can stop answering the way a database address does
 * when its host is gone or a network drops packets: never refusing, never resetting.
 */
export function startDatabaseRelay(target: { host: string; port: number }) {
  let mode: 'answering' | 'silent' | 'stalled' = 'answering';
  const sockets = new Set<net.Socket>();
  /** Relayed pairs: the BFF's side and PostgreSQL's. */
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; dropped: number }>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const discard = () => {};
  const server = net.createServer((client) => {
    track(client);
    // Taken, and never a byte back: what a connection to a dead address behind a NAT meets.
    if (mode !== 'answering') return;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    const pair = { client, upstream, dropped: 0 };
    pairs.add(pair);
    client.pipe(upstream).pipe(client);
    // While stalled, a connection the BFF gives up on is not heard of by PostgreSQL either.
    client.on('close', () => {
      if (mode !== 'stalled') upstream.destroy();
    });
    upstream.on('close', () => {
      pairs.delete(pair);
      client.destroy();
    });
  });
  return {
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as net.AddressInfo).port;
    },
    /** The old server is gone (its connections end) and the address no longer answers. */
    goSilent() {
      mode = 'silent';
      for (const socket of sockets) socket.destroy();
    },
    /**
     * The connections stay open and every byte on them is dropped, both ways; new connections
     * are taken and never answered. Nothing is closed, so neither side hears of it.
     */
    stall() {
      mode = 'stalled';
      for (const pair of pairs) {
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        for (const side of [pair.client, pair.upstream]) {
          side.on('data', (chunk: Buffer) => {
            if (mode === 'stalled') pair.dropped += chunk.length;
          });
          side.on('data', discard);
          side.resume();
        }
      }
    },
    /** Relayed connections on which bytes were dropped and which the BFF has not closed. */
    droppedAndStillOpen() {
      return [...pairs].filter((p) => p.dropped > 0 && !p.client.destroyed && !p.client.closed)
        .length;
    },
    /** Connections relayed to PostgreSQL so far (open ones). */
    openConnections() {
      return pairs.size;
    },
    answerAgain() {
      const wasStalled = mode === 'stalled';
      mode = 'answering';
      if (!wasStalled) {
        for (const socket of sockets) socket.destroy();
        return;
      }
      // The network is back: connections both sides still hold carry bytes again.
      for (const pair of pairs) {
        if (pair.client.destroyed || pair.client.closed) {
          pair.upstream.destroy();
          continue;
        }
        pair.client.removeAllListeners('data');
        pair.upstream.removeAllListeners('data');
        pair.client.pipe(pair.upstream).pipe(pair.client);
      }
      for (const socket of sockets) {
        if (![...pairs].some((p) => p.client === socket || p.upstream === socket)) socket.destroy();
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface BffBehindRelay {
  /** The BFF, whose DATABASE_URL is the relay's address. */
  bff: BffProcess;
  relay: ReturnType<typeof startDatabaseRelay>;
  /** The test database's own address, past the relay. */
  direct: URL;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A BFF process (with an emulator process) on a fresh PostgreSQL test database that it reaches
 * only through a relay, so a test can make the database go silent under it; `env` on top.
 */
export async function startBffBehindRelay(env: Record<string, string>): Promise<BffBehindRelay> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-db-relay-'));
  let relay: ReturnType<typeof startDatabaseRelay> | undefined;
  let emulator: EmulatorProcess | undefined;
  let bff: BffProcess | undefined;
  const close = async () => {
    await bff?.kill('SIGTERM');
    await relay?.close();
    await emulator?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const direct = new URL((await testDatabaseUrl(dataDir)) as string);
    relay = startDatabaseRelay({ host: direct.hostname, port: Number(direct.port) });
    const relayed = new URL(direct);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(await relay.listen());
    emulator = await startEmulatorProcess();
    bff = await startBffProcess({
      upstreamUrl: emulator.url,
      dataDir,
      env: { DATABASE_URL: relayed.toString(), ...env },
    });
    return { bff, relay, direct, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
