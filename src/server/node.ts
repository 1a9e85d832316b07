/**
 * Mounts a Fetch API handler on Node's `http` server. Only types come from
 * `node:http`, so importing this module is harmless in other runtimes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface NodeListenerOptions {
  /**
   * Largest request body read into memory; a bigger one gets a 413 without
   * reaching the handler. Default 1 MiB (the passkey handler itself refuses
   * bodies over 64 KB).
   */
  maxBodyBytes?: number;
}

type FetchHandler = (request: Request, info?: { clientAddress?: string }) => Promise<Response>;

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `(req, res)` listener for `http.createServer` (or Express, Koa's `ctx.req/ctx.res`...) around `handler`. */
export function toNodeListener(
  handler: FetchHandler,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  return (req, res) => {
    const aborted = new AbortController();
    // Lets the handler notice a client that went away.
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort();
    });

    (async () => {
      let request: Request;
      try {
        request = await toRequest(req, aborted.signal, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BadRequest)) throw error;
        sendError(res, error.status, error.message);
        return;
      }
      // The peer address, for the handler's rate limits (behind a proxy, see its `clientAddress` option).
      const clientAddress = req.socket.remoteAddress?.replace(/^::ffff:/, '');
      await writeResponse(res, await handler(request, { clientAddress }), req.method === 'HEAD');
    })().catch((error: unknown) => {
      console.error('passkey-elements server: could not answer a request', error);
      if (!res.headersSent) sendError(res, 500, 'Internal error');
      else res.destroy();
    });
  };
}

async function toRequest(req: IncomingMessage, signal: AbortSignal, maxBodyBytes: number): Promise<Request> {
  const encrypted = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? 'localhost';
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(host)) throw new BadRequest(400, 'Invalid Host header.');
  const target = req.url ?? '/';
  let url: URL;
  try {
    // Concatenated, not `new URL(target, base)`: a path like `//other.host/` must not change the host.
    url = target.startsWith('/') ? new URL(`${encrypted ? 'https' : 'http'}://${host}${target}`) : new URL(target);
  } catch {
    throw new BadRequest(400, 'Invalid request URL.');
  }
  // An absolute-form target (`POST http://evil.example/…`) names its own host: only the Host header's is served.
  if (!target.startsWith('/') && url.host !== new URL(`${url.protocol}//${host}`).host) {
    throw new BadRequest(400, 'The request target names another host than the Host header.');
  }

  const headers = new Headers();
  try {
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i];
      if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1] ?? ''); // skip HTTP/2 pseudo-headers
    }
  } catch {
    throw new BadRequest(400, 'Invalid request headers.');
  }

  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, maxBodyBytes);
  return new Request(url, { method, headers, body: body && body.byteLength > 0 ? body : undefined, signal });
}

function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const onData = (chunk: Uint8Array) => {
      total += chunk.byteLength;
      if (total > maxBodyBytes) {
        // Stop buffering but keep draining: destroying the request would also kill the reply.
        req.off('data', onData);
        req.resume();
        reject(new BadRequest(413, 'The request body is too large.'));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', reject);
    req.on('end', () => {
      const bytes = new Uint8Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(bytes);
    });
  });
}

async function writeResponse(res: ServerResponse, response: Response, isHead: boolean): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  // Several Set-Cookie headers cannot be joined with commas: copy them one by one.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);

  if (!response.body || isHead) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

function sendError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(status === 413 ? { Connection: 'close' } : {}),
  });
  res.end(JSON.stringify({ error: { code: 'server', message } }));
}
