// A local HTTP server that answers S3 requests with AWS response shapes written by hand from the S3 API
// Reference and the SDK's models (test/fixtures/aws-documented-responses; not captured from AWS), so the real
// SDK parses the wire shapes AWS documents. A route may also forward to a real S3 (RGW) after a number of
// canned answers, which is how throttling is tested. Listens on a random free port.
import { readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface DocumentedResponse {
  description: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function documented(name: string): DocumentedResponse {
  return JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'aws-documented-responses', `${name}.json`), 'utf8'),
  ) as DocumentedResponse;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Region from the SigV4 credential scope. */
  region?: string;
  headers: IncomingMessage['headers'];
}

/** Returns a documented response, 'forward' (to the upstream), or undefined (→ 501, so a missing route is loud). */
export type Route = (req: SeenRequest) => DocumentedResponse | 'forward' | undefined;

export interface FakeS3 {
  endpoint: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

function regionOf(auth: string | undefined): string | undefined {
  return auth ? /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\//.exec(auth)?.[1] : undefined;
}

function forward(upstream: string, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(req.url ?? '/', upstream);
  // The Host header stays as signed (the client's view of this proxy), so the upstream's SigV4 check passes.
  const out = httpRequest(target, { method: req.method, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  out.on('error', (err) => {
    res.writeHead(502);
    res.end(String(err));
  });
  req.pipe(out);
}

export async function startFakeS3(route: Route, upstream?: string): Promise<FakeS3> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      region: regionOf(req.headers.authorization),
      headers: req.headers,
    };
    requests.push(seen);
    const answer = route(seen);
    if (answer === 'forward') {
      if (!upstream) throw new Error('route forwarded without an upstream');
      forward(upstream, req, res);
      return;
    }
    req.resume();
    if (!answer) {
      res.writeHead(501, { 'content-type': 'text/plain' });
      res.end(`fake S3 has no route for ${seen.method} ${url.pathname}${url.search}`);
      return;
    }
    if (seen.method === 'HEAD') {
      // HEAD answers carry the object's headers (content-length included) and never a body.
      res.writeHead(answer.status, answer.headers);
      res.end();
      return;
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
