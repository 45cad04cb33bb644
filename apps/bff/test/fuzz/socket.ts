import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');

function parseHead(head: string) {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string | string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const seen = headers[name];
    headers[name] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return { status, headers };
}

/** Decodes a chunked body; undefined while it is incomplete. */
function dechunk(data: Buffer): { body: Buffer; used: number } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString(), 16);
    if (Number.isNaN(size)) return undefined;
    at = lineEnd + 2;
    if (size === 0) {
      const end = data.indexOf(HEAD_END, at - 2);
      return end < 0 ? undefined : { body: Buffer.concat(parts), used: end + 4 };
    }
    if (data.length < at + size + 2) return undefined;
    parts.push(data.subarray(at, at + size));
    at += size + 2;
  }
}

/** Every complete response in the bytes (a server may answer twice to pipelined garbage). */
export function parseResponses(data: Buffer, method: string): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = data;
  while (rest.length > 0) {
    const end = rest.indexOf(HEAD_END);
    if (end < 0) break;
    const { status, headers } = parseHead(rest.subarray(0, end).toString('latin1'));
    if (status >= 100 && status < 200) {
      // `100 Continue` and the like: the real answer follows.
      rest = rest.subarray(end + 4);
      continue;
    }
    let body = rest.subarray(end + 4);
    let used = end + 4;
    const length = Number(headers['content-length'] ?? NaN);
    const chunked = String(headers['transfer-encoding'] ?? '').includes('chunked');
    if (method === 'HEAD' || status === 204 || status === 304) body = Buffer.alloc(0);
    else if (chunked) {
      const decoded = dechunk(body);
      if (!decoded) break;
      body = decoded.body;
      used += decoded.used;
    } else if (!Number.isNaN(length)) {
      if (body.length < length) break;
      body = body.subarray(0, length);
      used += length;
    } else used = rest.length;
    out.push({ status, headers, body: body.toString('utf8') });
    rest = rest.subarray(used);
  }
  return out;
}

export interface RawSend {
  bytes: Buffer;
  method: string;
  /** Half-close after writing: for bodies that are announced but never sent. */
  end: boolean;
  /** How long to wait for an answer. */
  timeoutMs: number;
}

/** Writes raw bytes to the listening app and collects whatever comes back. */
export function sendRaw(port: number, send: RawSend): Promise<RawResponse[]> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseResponses(Buffer.concat(chunks), send.method));
    };
    const timer = setTimeout(finish, send.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One complete answer is all a `connection: close` request gets.
      if (parseResponses(Buffer.concat(chunks), send.method).length > 0) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(send.bytes, () => {
      if (send.end) socket.end();
    });
  });
}
