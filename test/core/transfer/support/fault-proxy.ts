// Proxies in front of the live RGW that misbehave on purpose: a TCP proxy that cuts every connection once a
// byte budget is spent (the server "going away" mid-upload), and an HTTP proxy that answers chosen requests
// with 503 SlowDown (to exercise retries). Both listen on random loopback ports.
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type Server as HttpServer,
} from 'node:http';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttingProxy {
  endpoint: string;
  /** Bytes forwarded client→server so far. */
  forwarded(): number;
  /** True once the budget was spent and connections were cut. */
  cut(): boolean;
  close(): Promise<void>;
}

/**
 * Forwards to `target` until `budgetBytes` of request data (or, with `countResponses`, of response data: a
 * server dying mid-download) went through, then destroys every open connection. With `stayDown`, it also
 * stops accepting: the server is gone for good.
 */
export async function startCuttingProxy(
  target: string,
  budgetBytes: number,
  stayDown: boolean,
  countResponses = false,
): Promise<CuttingProxy> {
  const url = new URL(target);
  const sockets = new Set<Socket>();
  let forwarded = 0;
  let cut = false;
  const server: Server = createServer((client) => {
    if (cut && stayDown) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: url.hostname, port: Number(url.port) });
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    const relay = (chunk: Buffer, to: Socket, counted: boolean) => {
      if (cut && stayDown) return drop();
      if (counted) forwarded += chunk.length;
      if (counted && !cut && forwarded > budgetBytes) {
        cut = true;
        for (const s of sockets) s.destroy();
        sockets.clear();
        return;
      }
      to.write(chunk);
    };
    client.on('data', (chunk: Buffer) => relay(chunk, upstream, !countResponses));
    upstream.on('data', (chunk: Buffer) => relay(chunk, client, countResponses));
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    cut: () => cut,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ThrottlingProxy {
  endpoint: string;
  /** Requests answered with 503 so far. */
  throttled(): number;
  /** Requests forwarded, as "METHOD path?query". */
  forwardedRequests: string[];
  close(): Promise<void>;
}

/** Answers the first `count` requests matching `match` with 503 SlowDown; forwards everything else. */
export async function startThrottlingProxy(
  target: string,
  match: (req: IncomingMessage) => boolean,
  count: number,
): Promise<ThrottlingProxy> {
  const url = new URL(target);
  let throttled = 0;
  const forwardedRequests: string[] = [];
  const server: HttpServer = createHttpServer((req, res) => {
    if (throttled < count && match(req)) {
      throttled++;
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        );
      });
      return;
    }
    forwardedRequests.push(`${req.method} ${req.url}`);
    const up = httpRequest(
      { host: url.hostname, port: Number(url.port), method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttled: () => throttled,
    forwardedRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface SlowProxy {
  endpoint: string;
  /** Bytes relayed so far, both directions; with `since`, only on connections opened at or after it (ms epoch). */
  relayed(since?: number): number;
  close(): Promise<void>;
}

/** A TCP relay that holds each direction of each connection to about `bytesPerSecond`: a transfer that lasts. */
export async function startSlowProxy(target: string, bytesPerSecond: number): Promise<SlowProxy> {
  const url = new URL(target);
  const sockets = new Set<Socket>();
  // Per connection: a killed client's bytes still drain from the kernel buffers for a while after it is gone.
  const connections: Array<{ opened: number; bytes: number }> = [];
  const limit = (from: Socket, to: Socket, counter: { bytes: number }) => {
    from.on('data', (chunk: Buffer) => {
      counter.bytes += chunk.length;
      to.write(chunk);
      from.pause();
      setTimeout(() => from.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: url.hostname, port: Number(url.port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(s);
      });
    }
    const counter = { opened: Date.now(), bytes: 0 };
    connections.push(counter);
    limit(client, upstream, counter);
    limit(upstream, client, counter);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    relayed: (since = 0) => connections.reduce((n, c) => (c.opened >= since ? n + c.bytes : n), 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
