import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's nginx (`apt-get install nginx`; `.ci/run` installs it). */
export const NGINX = process.env.PTD_NGINX_BIN ?? '/usr/sbin/nginx';
export const nginxInstalled = existsSync(NGINX);

export interface Nginx {
  dir: string;
  /** Certificate of the TLS listener, for clients to trust. */
  certificate: Buffer;
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

/** A self-signed certificate for `host` (the openssl command line, as an operator would). */
function selfSigned(dir: string, host: string) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-days', '1', '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`],
      ...['-keyout', key, '-out', cert],
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

async function listening(port: number, deadline: number, ended: () => boolean) {
  for (;;) {
    if (ended()) throw new Error('nginx ended');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nginx is not listening on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * nginx as a normal foreground process with its own prefix and configuration in a temporary
 * directory: a minimal main configuration (like Debian's /etc/nginx/nginx.conf, plus an access
 * log that names the replica that answered) that includes `site(paths)`, the site file under
 * test with its addresses, ports and certificate filled in.
 */
export async function startNginx(options: {
  host: string;
  ports: number[];
  site: (paths: { cert: string; key: string }) => string;
}): Promise<Nginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ptd-nginx-'));
  // As root, nginx's workers run as `nobody` and must reach their temp directories here.
  await chmod(dir, 0o755);
  await mkdir(path.join(dir, 'temp'));
  const paths = selfSigned(dir, options.host);
  await writeFile(path.join(dir, 'site.conf'), options.site(paths));
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, 'temp', name)};`;
  await writeFile(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 256; }',
      'http {',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      "  log_format replicas '$remote_addr $request_method $uri $status $upstream_addr';",
      `  access_log ${path.join(dir, 'access.log')} replicas;`,
      `  include ${path.join(dir, 'site.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 10_000;
    const ended = () => child.exitCode !== null || child.signalCode !== null;
    for (const port of options.ports) await listening(port, deadline, ended);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${errors}`);
  }
  return {
    dir,
    certificate: await readFile(paths.cert),
    accessLog: () => readFile(path.join(dir, 'access.log'), 'utf8'),
    stop,
  };
}
