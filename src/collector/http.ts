import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip, createInflate } from 'node:zlib';

/** Small HTTP helpers of the collector: bounded body reading, JSON answers, the bearer check. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Reads a request body up to `limit` bytes, on the wire and after decompression (so a small
 * gzip bomb is refused too), decompressing `gzip` and `deflate`. Past the limit it stops reading
 * at once and fails with 413; the caller answers with `Connection: close`, so the rest of the
 * body is never read.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `The request body is larger than this collector's limit of ${limit} bytes (after decompression). Send smaller batches, or raise --max-body-bytes.`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());

  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!['identity', 'gzip', 'x-gzip', 'deflate'].includes(encoding)) {
    return Promise.reject(new HttpError(415, `Content-Encoding '${encoding}' is not supported: send the body uncompressed, or with gzip or deflate.`));
  }
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : undefined;

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wire = 0;
    let decoded = 0;
    let settled = false;
    const fail = (error: HttpError) => {
      if (settled) return;
      settled = true;
      request.off('data', onWire);
      request.unpipe();
      request.pause();
      decoder?.destroy();
      reject(error);
    };
    const onWire = (chunk: Buffer) => {
      wire += chunk.length;
      if (wire > limit) fail(tooLarge());
    };
    const onDecoded = (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > limit) fail(tooLarge());
      else chunks.push(chunk);
    };
    const done = () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    };
    request.on('data', onWire);
    request.on('error', () => fail(new HttpError(400, 'The request body could not be read to its end.')));
    if (decoder === undefined) {
      request.on('data', onDecoded);
      request.on('end', done);
    } else {
      decoder.on('data', onDecoded);
      decoder.on('end', done);
      decoder.on('error', () => fail(new HttpError(400, `The body is not valid ${encoding === 'deflate' ? 'deflate' : 'gzip'} data, as its Content-Encoding says.`)));
      request.pipe(decoder);
    }
  });
}

/** The media type of a Content-Type header, lower-cased, without its parameters. */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function hasBearer(request: IncomingMessage, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] !== undefined && sameText(match[1], token);
}

/**
 * Whether the request carries `token` as a bearer token or as the password of basic auth (any
 * user name), compared in constant time: the dashboard's check, so that a browser can ask for it.
 */
export function hasCredential(request: IncomingMessage, token: string): boolean {
  if (hasBearer(request, token)) return true;
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (match?.[1] === undefined) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && sameText(decoded.slice(colon + 1), token);
}

function sameText(a: string, b: string): boolean {
  // Digests have the same length whatever was sent, so the comparison leaks neither the token
  // nor its length.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}
