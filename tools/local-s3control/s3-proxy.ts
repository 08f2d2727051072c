// An S3 endpoint in front of Ceph RGW that answers what RGW cannot, and forwards everything else unchanged
// (same Host header and body, so RGW still verifies the client's signature):
// - UpdateObjectEncryption, `PUT /{Bucket}/{Key}?encryption` with <ObjectEncryption><SSE-KMS>… (the wire
//   shape of @aws-sdk/client-s3's UpdateObjectEncryption model). RGW itself would store that XML as the
//   object's new content.
// - Bucket default encryption with BlockedEncryptionTypes (`?encryption` on a bucket), which RGW 16 rejects;
//   kept here, and SSE-C writes to a bucket that blocks them answered 403 AccessDenied, as S3 does since April 2026.
// - Injected throttling (503 SlowDown) for UpdateObjectEncryption, and a recorder of every request.
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { S3Client } from '@aws-sdk/client-s3';
import { StandInError, updateObjectEncryption } from './object-encryption-change';
import { child, childText, parseXml, toXml } from './xml';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  /** Bytes of request body received. */
  bodyBytes: number;
  sseHeaders: Record<string, string>;
  answeredBy: 'stand-in' | 'rgw';
  status: number;
}

export interface ProxyOptions {
  rgwEndpoint: string;
  rgw: S3Client;
  accountId: string;
  /** Key ARNs whose use UpdateObjectEncryption answers with AccessDenied (a key policy that denies). */
  deniedKeyArns?: string[];
}

export class S3Proxy {
  readonly requests: RecordedRequest[] = [];
  /** Bucket encryption configurations (the XML as PUT), kept by the stand-in. */
  readonly bucketEncryption = new Map<string, string>();
  /** `bucket/key` of objects last written with SSE-S3 through the stand-in (RGW does not report SSE-S3). */
  private readonly sseS3Objects = new Set<string>();
  private throttleRemaining = 0;
  /** Buckets whose encryption configuration the caller may not read (GetBucketEncryption → 403). */
  readonly denyEncryptionRead = new Set<string>();

  constructor(private readonly opts: ProxyOptions) {}

  /** The next `n` UpdateObjectEncryption calls get 503 SlowDown (as S3 answers under KMS throttling). */
  throttleNext(n: number): void {
    this.throttleRemaining = n;
  }

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const [bucket, ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const sseHeaders = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([h]) => h.startsWith('x-amz-server-side-encryption') && !h.endsWith('customer-key'))
        .map(([h, v]) => [h, String(v)]),
    );
    const record = (answeredBy: RecordedRequest['answeredBy'], status: number): void => {
      this.requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.search,
        bodyBytes: body.length,
        sseHeaders,
        answeredBy,
        status,
      });
    };
    const isEncryption = url.searchParams.has('encryption');
    try {
      if (isEncryption && key && req.method === 'PUT') {
        await this.updateObjectEncryption(bucket, key, body);
        record('stand-in', 200);
        return sendEmpty(res, 200);
      }
      if (isEncryption && !key) {
        const status = this.bucketEncryptionCall(req.method ?? '', bucket, body, res);
        if (status) return record('stand-in', status);
      }
      const writesSseC =
        (req.method === 'PUT' || (req.method === 'POST' && url.searchParams.has('uploads'))) &&
        !!req.headers['x-amz-server-side-encryption-customer-algorithm'];
      if (
        writesSseC &&
        key &&
        /<EncryptionType>SSE-C<\/EncryptionType>/.test(this.bucketEncryption.get(bucket) ?? '')
      ) {
        throw new StandInError(
          403,
          'AccessDenied',
          'Access Denied: SSE-C writes are blocked for this bucket (BlockedEncryptionTypes in its default encryption configuration).',
        );
      }
    } catch (err) {
      const e = err instanceof StandInError ? err : new StandInError(500, 'InternalError', (err as Error).message);
      record('stand-in', e.status);
      return sendS3Error(res, e, url.pathname);
    }
    const status = await this.forward(req, body, res);
    record('rgw', status);
    if (req.method === 'PUT' && key && status === 200 && [...url.searchParams.keys()].every((k) => k === 'x-id')) {
      if (req.headers['x-amz-server-side-encryption'] === 'AES256') this.sseS3Objects.add(`${bucket}/${key}`);
      else this.sseS3Objects.delete(`${bucket}/${key}`);
    }
  }

  private async updateObjectEncryption(bucket: string, key: string, body: Buffer): Promise<void> {
    if (this.throttleRemaining > 0) {
      this.throttleRemaining--;
      throw new StandInError(503, 'SlowDown', 'Please reduce your request rate.');
    }
    let doc;
    try {
      doc = parseXml(body.toString('utf8'));
    } catch {
      throw new StandInError(
        400,
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema.',
      );
    }
    const sseKms = child(doc, 'SSE-KMS');
    if (doc.name !== 'ObjectEncryption' || !sseKms) {
      throw new StandInError(
        400,
        'InvalidRequest',
        'Requests that modify an object encryption configuration require a valid new encryption type. Valid values are SSEKMS.',
      );
    }
    const arn = childText(sseKms, 'KMSKeyArn');
    if (arn && this.opts.deniedKeyArns?.includes(arn))
      throw new StandInError(403, 'AccessDenied', `Access Denied: the caller may not use KMS key ${arn}.`);
    const bucketKey = childText(sseKms, 'BucketKeyEnabled');
    if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false')
      throw new StandInError(
        400,
        'InvalidRequest',
        "The BucketKeyEnabled value isn't valid. Valid values are true or false.",
      );
    await updateObjectEncryption(this.opts.rgw, bucket, key, arn, bucketKey === 'true', {
      accountId: this.opts.accountId,
      writtenWithSseS3: (b, k) => this.sseS3Objects.has(`${b}/${k}`),
    });
  }

  /** Answers ?encryption on a bucket when the stand-in holds (or is given) its configuration; 0 = forward. */
  private bucketEncryptionCall(method: string, bucket: string, body: Buffer, res: ServerResponse): number {
    if (method === 'PUT') {
      this.bucketEncryption.set(bucket, body.toString('utf8'));
      sendEmpty(res, 200);
      return 200;
    }
    const held = this.bucketEncryption.get(bucket);
    if (method === 'GET' && this.denyEncryptionRead.has(bucket))
      throw new StandInError(403, 'AccessDenied', 'Access Denied');
    if (method === 'GET' && held) {
      res.writeHead(200, {
        'content-type': 'application/xml',
        'x-amz-request-id': randomUUID(),
        'x-s3enc-stand-in': 'bucket encryption (local stand-in)',
      });
      res.end(held);
      return 200;
    }
    if (method === 'DELETE' && held) {
      this.bucketEncryption.delete(bucket);
      sendEmpty(res, 204);
      return 204;
    }
    return 0;
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<number> {
    const target = new URL(this.opts.rgwEndpoint);
    return new Promise((resolve) => {
      const up = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve(answer.statusCode ?? 502));
        },
      );
      up.on('error', (err) => {
        sendS3Error(
          res,
          new StandInError(502, 'BadGateway', `The stand-in could not reach RGW: ${err.message}`),
          req.url ?? '',
        );
        resolve(502);
      });
      up.end(body);
    });
  }
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, {
    'x-amz-request-id': randomUUID(),
    'x-s3enc-stand-in': 'S3 (local stand-in)',
    'content-length': '0',
  });
  res.end();
}

function sendS3Error(res: ServerResponse, e: StandInError, resource: string): void {
  const requestId = randomUUID();
  res.writeHead(e.status, {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    'x-s3enc-stand-in': 'S3 (local stand-in)',
  });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error>${toXml({ Code: e.code, Message: e.message, Resource: resource, RequestId: requestId })}</Error>`,
  );
}
