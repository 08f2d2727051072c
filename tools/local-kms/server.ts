// A local stand-in for AWS KMS speaking the JSON 1.1 protocol (POST /, X-Amz-Target: TrentService.<Op>),
// enough for the S3 Encryption Client paths: GenerateDataKey, Encrypt, Decrypt, DescribeKey, ListKeys,
// ListAliases. Signatures are not checked. Errors use KMS's shapes: HTTP 400 + {"__type", "message"}.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BlobAuthError, openBlob, sealBlob, type EncryptionContext } from './blob';
import { aliasArn, DEFAULT_KEYS, keyArn, KMS_ACCOUNT, resolveKey, type KmsKey } from './keys';

export interface KmsServerOptions {
  /** 32-byte master key that seals every data key. */
  masterKey: Buffer;
  keys?: KmsKey[];
  region?: string;
}

type Json = Record<string, unknown>;

class KmsFault extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const MAX_BODY = 1024 * 1024;

export function createKmsServer(opts: KmsServerOptions): Server {
  if (opts.masterKey.length !== 32) throw new Error('The local KMS master key must be 32 bytes (64 hex digits)');
  const keys = opts.keys ?? DEFAULT_KEYS;
  const region = opts.region ?? 'us-east-1';
  const created = Math.floor(Date.now() / 1000);

  const key = (body: Json, field = 'KeyId'): KmsKey => {
    const id = body[field];
    if (typeof id !== 'string' || !id) throw new KmsFault('ValidationException', `${field} is required`);
    const found = resolveKey(keys, id);
    if (!found) throw new KmsFault('NotFoundException', `Key '${id}' does not exist`);
    if (found.denied) {
      throw new KmsFault(
        'AccessDeniedException',
        `User is not authorized to perform this operation on key ${keyArn(found.id, region)} because no identity-based policy allows it`,
      );
    }
    return found;
  };
  const context = (body: Json): EncryptionContext | undefined => {
    const ctx = body.EncryptionContext;
    if (ctx === undefined || ctx === null) return undefined;
    if (typeof ctx !== 'object' || Object.values(ctx).some((v) => typeof v !== 'string')) {
      throw new KmsFault('ValidationException', 'EncryptionContext must be a map of strings to strings');
    }
    return ctx as EncryptionContext;
  };
  const blob = (body: Json, field: string): Buffer => {
    const v = body[field];
    if (typeof v !== 'string' || !v) throw new KmsFault('ValidationException', `${field} is required`);
    return Buffer.from(v, 'base64');
  };
  const metadata = (k: KmsKey): Json => ({
    AWSAccountId: KMS_ACCOUNT,
    KeyId: k.id,
    Arn: keyArn(k.id, region),
    CreationDate: created,
    Enabled: true,
    Description: k.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  });
  const dataKeyLength = (body: Json): number => {
    if (body.NumberOfBytes !== undefined) {
      const n = body.NumberOfBytes;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1024) {
        throw new KmsFault('ValidationException', 'NumberOfBytes must be an integer from 1 to 1024');
      }
      return n;
    }
    if (body.KeySpec === 'AES_256') return 32;
    if (body.KeySpec === 'AES_128') return 16;
    throw new KmsFault('ValidationException', 'Specify either KeySpec (AES_256 or AES_128) or NumberOfBytes');
  };
  const generate = (body: Json, withPlaintext: boolean): Json => {
    const k = key(body);
    const dataKey = randomBytes(dataKeyLength(body));
    const out: Json = {
      KeyId: keyArn(k.id, region),
      CiphertextBlob: sealBlob(opts.masterKey, dataKey, context(body)).toString('base64'),
    };
    if (withPlaintext) out.Plaintext = dataKey.toString('base64');
    dataKey.fill(0);
    return out;
  };

  const operations: Record<string, (body: Json) => Json> = {
    GenerateDataKey: (b) => generate(b, true),
    GenerateDataKeyWithoutPlaintext: (b) => generate(b, false),
    Encrypt: (b) => {
      const k = key(b);
      const plaintext = blob(b, 'Plaintext');
      if (plaintext.length > 4096) throw new KmsFault('ValidationException', 'Plaintext must be at most 4096 bytes');
      return {
        KeyId: keyArn(k.id, region),
        CiphertextBlob: sealBlob(opts.masterKey, plaintext, context(b)).toString('base64'),
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    Decrypt: (b) => {
      // The blob does not name its key; without a KeyId the answer names the first (vectors') key.
      const k = b.KeyId === undefined ? keys.filter((x) => !x.denied)[0] : key(b);
      if (b.EncryptionAlgorithm !== undefined && b.EncryptionAlgorithm !== 'SYMMETRIC_DEFAULT') {
        throw new KmsFault(
          'IncorrectKeyException',
          `Key ${k.id} does not support ${JSON.stringify(b.EncryptionAlgorithm)}`,
        );
      }
      try {
        const plaintext = openBlob(opts.masterKey, blob(b, 'CiphertextBlob'), context(b));
        return {
          KeyId: keyArn(k.id, region),
          Plaintext: plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      } catch (e) {
        if (e instanceof BlobAuthError) throw new KmsFault('InvalidCiphertextException', e.message);
        throw e;
      }
    },
    DescribeKey: (b) => ({ KeyMetadata: metadata(key(b)) }),
    ListKeys: () => ({ Keys: keys.map((k) => ({ KeyId: k.id, KeyArn: keyArn(k.id, region) })), Truncated: false }),
    ListAliases: (b) => {
      const only = typeof b.KeyId === 'string' ? resolveKey(keys, b.KeyId) : undefined;
      if (typeof b.KeyId === 'string' && !only)
        throw new KmsFault('NotFoundException', `Key '${b.KeyId}' does not exist`);
      const aliases = keys
        .filter((k) => !only || k === only)
        .flatMap((k) => k.aliases.map((a) => ({ AliasName: a, AliasArn: aliasArn(a, region), TargetKeyId: k.id })));
      return { Aliases: aliases, Truncated: false };
    },
  };

  return createServer((req, res) => {
    handle(req, operations)
      .then((out) => send(res, 200, out))
      .catch((e: unknown) => {
        if (e instanceof KmsFault) return send(res, e.status, { __type: e.type, message: e.message }, e.type);
        process.stderr.write(`local-kms: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
        send(
          res,
          500,
          { __type: 'KMSInternalException', message: 'Internal error in the local KMS' },
          'KMSInternalException',
        );
      });
  });
}

async function handle(req: IncomingMessage, operations: Record<string, (body: Json) => Json>): Promise<Json> {
  if (req.method !== 'POST') throw new KmsFault('UnknownOperationException', 'Only POST / is supported', 404);
  const target = String(req.headers['x-amz-target'] ?? '');
  const op = /^TrentService\.(\w+)$/.exec(target)?.[1];
  const fn = op ? operations[op] : undefined;
  if (!fn) throw new KmsFault('UnknownOperationException', `Unsupported operation '${target}'`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new KmsFault('ValidationException', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new KmsFault('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KmsFault('SerializationException', 'Request body must be a JSON object');
  }
  return fn(body as Json);
}

function send(res: ServerResponse, status: number, body: Json, errorType?: string): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(payload),
    ...(errorType ? { 'X-Amzn-ErrorType': errorType } : {}),
    'X-Amzn-RequestId': randomBytes(16).toString('hex'),
  });
  res.end(payload);
}
