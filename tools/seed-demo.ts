// Seeds the demo / e2e S3 (local Ceph RGW) with buckets in every encryption mode RGW can hold.
//   npx tsx tools/seed-demo.ts [--demo-dir DIR] [--bucket-prefix P]   (needs S3ENC_LIVE_ENV, e.g. from dev-up)
// Used by tools/demo.mjs and the e2e suite through seedDemo(). Idempotent: reseeding overwrites objects.
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { liveEnv, type LiveEnv } from './live/live-env';
import { liveS3Client } from './live/s3-test-bucket';
import { vectorsDir } from './live/vectors-path';

export const DEMO_BUCKETS = {
  encrypted: 'demo-encrypted',
  tlsPolicy: 'demo-tls-policy',
  requireSse: 'demo-require-sse',
  empty: 'demo-empty',
} as const;

export interface SeededObject {
  bucket: string;
  key: string;
  /** The mode a correct explorer shows for it (design.md's mode names). */
  expectedMode: 'none' | 'SSE-KMS' | 'SSE-C' | 'CSE-V1' | 'CSE-V2' | 'CSE-V3';
  note?: string;
}

export interface DemoSeed {
  /** Bucket names by role (prefixed when a prefix was given). */
  bucketNames: { [K in keyof typeof DEMO_BUCKETS]: string };
  buckets: string[];
  objects: SeededObject[];
  /** Raw 32-byte SSE-C key of the SSE-C objects (file mode 0600), e.g. for `--sse-c-key-file`. */
  sseCKeyFile: string;
}

/** CSE objects copied byte-for-byte from the shared vectors (written by AWS's own clients). */
const CSE_VECTORS: Array<{ vector: string; key: string; mode: SeededObject['expectedMode']; note: string }> = [
  {
    vector: 'rb-v1-aes-cbc',
    key: 'cse/v1-legacy-aes-cbc.txt',
    mode: 'CSE-V1',
    note: 'Ruby V1 client, AES key wrap (legacy)',
  },
  { vector: 'rb-v2-aesgcm-meta', key: 'cse/v2-aes-gcm.txt', mode: 'CSE-V2', note: 'Ruby EncryptionV2, AES/GCM wrap' },
  {
    vector: 'rb-v2-kms-context-meta',
    key: 'cse/v2-kms.txt',
    mode: 'CSE-V2',
    note: 'Ruby EncryptionV2, kms+context (local KMS)',
  },
  {
    vector: 'rb-v2-aesgcm-instr',
    key: 'cse/v2-instruction-file.txt',
    mode: 'CSE-V2',
    note: 'envelope in <key>.instruction',
  },
  {
    vector: 'py-v3-kms-meta',
    key: 'cse/v3-kms-committing.txt',
    mode: 'CSE-V3',
    note: 'Python V3 client, key commitment',
  },
  {
    vector: 'py-v3-kms-instr',
    key: 'cse/v3-instruction-file.txt',
    mode: 'CSE-V3',
    note: 'V3 with c/d/i in metadata, rest in .instruction',
  },
];

const FOLDER_OBJECTS = [
  'docs/2026/q1-report.txt',
  'docs/2026/q2-report.txt',
  'docs/archive/2025-summary.txt',
  'logs/app-1.log',
  'logs/app-2.log',
];

export interface SeedOptions {
  /** Where the SSE-C demo key file is written. */
  demoDir: string;
  client?: S3Client;
  /** Prepended to every bucket name, so tests can seed their own copy beside the demo's (e.g. `t1234-`). */
  bucketPrefix?: string;
}

export async function seedDemo(env: LiveEnv, opts: SeedOptions): Promise<DemoSeed> {
  const client = opts.client ?? liveS3Client(env);
  const prefix = opts.bucketPrefix ?? '';
  const names = {
    encrypted: `${prefix}${DEMO_BUCKETS.encrypted}`,
    tlsPolicy: `${prefix}${DEMO_BUCKETS.tlsPolicy}`,
    requireSse: `${prefix}${DEMO_BUCKETS.requireSse}`,
    empty: `${prefix}${DEMO_BUCKETS.empty}`,
  };
  const objects: SeededObject[] = [];
  try {
    for (const b of Object.values(names)) await ensureBucket(client, b);
    const bucket = names.encrypted;
    const put = async (o: SeededObject, input: Omit<PutObjectCommandInput, 'Bucket' | 'Key'>) => {
      await client.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, ...input }));
      objects.push(o);
    };

    await put(
      { bucket, key: 'plain/readme.txt', expectedMode: 'none' },
      { Body: 'This object is not encrypted at all.\n' },
    );
    const [kms1, kms2] = env.rgwKmsKeyIds;
    await put(
      { bucket, key: 'sse-kms/report.csv', expectedMode: 'SSE-KMS', note: `RGW testing key ${kms1}` },
      { Body: 'quarter,revenue\nq1,100\n', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kms1 },
    );
    if (kms2) {
      await put(
        { bucket, key: 'sse-kms/other-key.csv', expectedMode: 'SSE-KMS', note: `RGW testing key ${kms2}` },
        { Body: 'a,b\n', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kms2 },
      );
    }

    const sseCKeyFile = join(opts.demoDir, 'sse-c-demo.key');
    const sseCKey = readOrCreateKey(sseCKeyFile);
    const sseC = {
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKey: sseCKey.toString('base64'),
      SSECustomerKeyMD5: createHash('md5').update(sseCKey).digest('base64'),
    };
    await put(
      { bucket, key: 'sse-c/customer-key.bin', expectedMode: 'SSE-C', note: `key in ${sseCKeyFile}` },
      { Body: randomBytes(1024), ...sseC },
    );

    // RGW 16 accepts SSE-S3 but its HeadObject reports no ServerSideEncryption, so it shows as "none" here.
    await put(
      {
        bucket,
        key: 'sse-s3/requested-aes256.txt',
        expectedMode: 'none',
        note: 'SSE-S3 requested; RGW 16 does not report it (AWS would show SSE-S3)',
      },
      { Body: 'stored with x-amz-server-side-encryption: AES256\n', ServerSideEncryption: 'AES256' },
    );

    for (const v of CSE_VECTORS) await putVector(client, bucket, v, objects);
    for (const key of FOLDER_OBJECTS) {
      await put({ bucket, key, expectedMode: 'none' }, { Body: `${key}\n` });
    }

    await seedPolicyBuckets(client, names, env.rgwKmsKeyIds[0], objects);
    return { bucketNames: names, buckets: Object.values(names), objects, sseCKeyFile };
  } finally {
    if (!opts.client) client.destroy();
  }
}

async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    if ((e as Error).name !== 'BucketAlreadyOwnedByYou') throw e;
  }
}

function readOrCreateKey(file: string): Buffer {
  if (existsSync(file)) {
    const key = readFileSync(file);
    if (key.length === 32) return key;
  }
  const key = randomBytes(32);
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/** body.bin as the object, metadata.json as its user metadata, instruction.json as `<key>.instruction`. */
async function putVector(
  client: S3Client,
  bucket: string,
  v: (typeof CSE_VECTORS)[number],
  objects: SeededObject[],
): Promise<void> {
  const dir = join(vectorsDir(), v.vector);
  const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Record<string, string>;
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: v.key, Body: readFileSync(join(dir, 'body.bin')), Metadata: metadata }),
  );
  objects.push({ bucket, key: v.key, expectedMode: v.mode, note: `${v.note} (vector ${v.vector})` });
  const instruction = join(dir, 'instruction.json');
  if (existsSync(instruction)) {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${v.key}.instruction`,
        Body: readFileSync(instruction),
        Metadata: { 'x-amz-crypto-instr-file': '' },
      }),
    );
  }
}

/** Objects first, then the policies (a policy denying plain uploads would refuse the seed's own PUTs). */
async function seedPolicyBuckets(
  client: S3Client,
  names: { tlsPolicy: string; requireSse: string },
  kmsKeyId: string,
  objects: SeededObject[],
): Promise<void> {
  const tls = names.tlsPolicy;
  const sse = names.requireSse;
  await client.send(
    new PutObjectCommand({ Bucket: tls, Key: 'hello.txt', Body: 'bucket policy denies non-TLS requests\n' }),
  );
  objects.push({ bucket: tls, key: 'hello.txt', expectedMode: 'none' });
  await client.send(
    new PutObjectCommand({
      Bucket: sse,
      Key: 'encrypted.csv',
      Body: 'x\n',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: kmsKeyId,
    }),
  );
  objects.push({ bucket: sse, key: 'encrypted.csv', expectedMode: 'SSE-KMS' });
  await client.send(new PutBucketPolicyCommand({ Bucket: tls, Policy: JSON.stringify(denyInsecureTransport(tls)) }));
  await client.send(new PutBucketPolicyCommand({ Bucket: sse, Policy: JSON.stringify(denyUnencryptedPuts(sse)) }));
}

export function denyInsecureTransport(bucket: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

export function denyUnencryptedPuts(bucket: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyUnencryptedObjectUploads',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
      },
    ],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'demo-dir': { type: 'string', default: '/tmp/s3enc-demo' }, 'bucket-prefix': { type: 'string' } },
  });
  const demoDir = resolve(values['demo-dir']);
  mkdirSync(demoDir, { recursive: true });
  const seeded = await seedDemo(liveEnv(), { demoDir, bucketPrefix: values['bucket-prefix'] });
  const width = Math.max(...seeded.objects.map((o) => `s3://${o.bucket}/${o.key}`.length));
  for (const o of seeded.objects) {
    console.log(`${`s3://${o.bucket}/${o.key}`.padEnd(width)}  ${o.expectedMode.padEnd(7)}  ${o.note ?? ''}`);
  }
  console.log(`\n${seeded.objects.length} objects in ${seeded.buckets.join(', ')}; SSE-C key: ${seeded.sseCKeyFile}`);
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(`${e.name}: ${e.message}`);
    process.exit(1);
  });
}
