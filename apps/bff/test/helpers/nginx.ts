import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent } from 'undici';

/** Debian's nginx (`apt-get install nginx`; `.ci/run` installs it). */
export const NGINX = process.env.PTD_NGINX_BIN ?? '/usr/sbin/nginx';
export const nginxInstalled = existsSync(NGINX);

/** The example site file of docs/deployment.md, and the host name it serves. */
const EXAMPLE_SITE = path.resolve(
  import.meta.dirname,
  '../../../../docs/deployment/nginx-dashboard.conf',
);
export const EXAMPLE_HOST = 'dashboard.example.com';

export interface Nginx {
  dir: string;
  /** Certificate of the TLS listener, for clients to trust. */
  certificate: Buffer;
  accessLog(): Promise<string>;
  /** What nginx wrote to its error log (the last 64 KB). */
  errors(): string;
  /**
   * A client of its own (`localAddress`, any 127/8 address, is the address nginx sees) for
   * which the site's host name resolves to this nginx and its certificate is trusted.
   */
  client(localAddress: string): Agent;
  stop(): Promise<void>;
}

/** Replaces what `pattern` matches in the example, failing if it does not match `times` times. */
function edit(text: string, pattern: RegExp, replace: (match: string) => string, times = 1) {
  const found = text.match(new RegExp(pattern, 'gm')) ?? [];
  if (found.length !== times) {
    throw new Error(`the example nginx config changed shape: ${pattern} matched ${found.length}×`);
  }
  return text.replace(new RegExp(pattern, 'gm'), replace);
}

/**
 * The example site file as written, with `replicas` (their URLs), the ports and the
 * certificate filled in: the `site` of `startNginx`.
 */
export async function exampleSite(replicas: string[], ports: { http: number; https: number }) {
  const example = await readFile(EXAMPLE_SITE, 'utf8');
  return (paths: { cert: string; key: string }) => {
    const servers = example.match(/^ *server \d+\.\d+\.\d+\.\d+:\d+.*;$/gm) ?? [];
    if (servers.length < 2) throw new Error('the example nginx config lists no replicas');
    const [first = ''] = servers;
    let site = example.replace(
      first,
      replicas.map((r) => first.replace(/\d+\.\d+\.\d+\.\d+:\d+/, new URL(r).host)).join('\n'),
    );
    for (const line of servers.slice(1)) site = site.replace(`${line}\n`, '');
    site = edit(site, /listen 80;/, () => `listen 127.0.0.1:${ports.http};`);
    site = edit(site, /listen 443 ssl;/, () => `listen 127.0.0.1:${ports.https} ssl;`);
    site = edit(site, /ssl_certificate \S+;/, () => `ssl_certificate ${paths.cert};`);
    return edit(site, /ssl_certificate_key \S+;/, () => `ssl_certificate_key ${paths.key};`);
  };
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
      "  log_format replicas '$remote_addr $request_method $uri $status $upstream_addr $upstream_status';",
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
    errors = (errors + chunk.toString()).slice(-65_536);
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
    throw new Error(`${(error as Error).message}\n${errors.slice(-4000)}`);
  }
  const certificate = await readFile(paths.cert);
  // The site's name resolves to nginx; the client connects from its own address.
  const lookup = ((_host, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else (callback as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
  }) as LookupFunction;
  return {
    dir,
    certificate,
    accessLog: () => readFile(path.join(dir, 'access.log'), 'utf8'),
    errors: () => errors,
    client: (localAddress) => new Agent({ localAddress, connect: { ca: certificate, lookup } }),
    stop,
  };
}
