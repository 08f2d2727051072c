// Starts the stand-in: an S3 Control endpoint (Batch Operations jobs) and an S3 endpoint in front of RGW
// (UpdateObjectEncryption, BlockedEncryptionTypes), both on loopback ports.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { ControlApi } from './control-api';
import { JobRunner } from './job-runner';
import { S3Proxy } from './s3-proxy';

export interface StandInOptions {
  rgwEndpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The account the stand-in plays; key ARNs and x-amz-account-id must name it. */
  accountId?: string;
  taskDelayMs?: number;
  prepareDelayMs?: number;
  deniedKeyArns?: string[];
  host?: string;
}

export interface StandIn {
  controlEndpoint: string;
  s3Endpoint: string;
  accountId: string;
  proxy: S3Proxy;
  control: ControlApi;
  close(): Promise<void>;
}

export const STAND_IN_ACCOUNT = '111122223333';

function serve(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void>): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handler(req, Buffer.concat(chunks), res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(err));
      });
    });
  });
}

async function listen(server: Server, host: string, port = 0): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

export async function startStandIn(o: StandInOptions & { controlPort?: number; s3Port?: number }): Promise<StandIn> {
  const accountId = o.accountId ?? STAND_IN_ACCOUNT;
  const rgw = new S3Client({
    endpoint: o.rgwEndpoint,
    region: o.region,
    forcePathStyle: true,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const runner = new JobRunner({ rgw, taskDelayMs: o.taskDelayMs ?? 150, prepareDelayMs: o.prepareDelayMs ?? 200 });
  const control = new ControlApi({ accountId, runner });
  const proxy = new S3Proxy({ rgwEndpoint: o.rgwEndpoint, rgw, accountId, deniedKeyArns: o.deniedKeyArns });
  const host = o.host ?? '127.0.0.1';
  const controlServer = serve((req, body, res) => control.handle(req, body, res));
  const s3Server = serve((req, body, res) => proxy.handle(req, body, res));
  const controlEndpoint = await listen(controlServer, host, o.controlPort);
  const s3Endpoint = await listen(s3Server, host, o.s3Port);
  return {
    controlEndpoint,
    s3Endpoint,
    accountId,
    proxy,
    control,
    close: async () => {
      runner.stop();
      controlServer.closeAllConnections();
      s3Server.closeAllConnections();
      await Promise.all([new Promise((r) => controlServer.close(r)), new Promise((r) => s3Server.close(r))]);
      rgw.destroy();
    },
  };
}
