// Test data on the live RGW for the e2e and integration suites: one bucket per run holding one object per
// encryption mode the explorer must tell apart. Written with plain AWS SDK calls (not the explorer's
// code), except the client-side-encrypted object, which needs the CSE engine to produce a real envelope.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AesKeyring, createEncryptor } from '../../../src/core/crypto';
import type { LiveEnv } from '../../../tools/live/live-env';
import { createTestBucket, deleteBucketCompletely, liveS3Client } from '../../../tools/live/s3-test-bucket';
import { FIXTURE_KEYS } from './fixture-keys';

export { FIXTURE_KEYS };

export interface SeededFixtures {
  bucket: string;
  /** Base64 SSE-C key of the SSE-C fixture (the tests never need it; kept for debugging). */
  sseCKey: string;
}

let seeded: Promise<SeededFixtures> | undefined;

/** Seeds once per process; later callers get the same bucket. */
export function seedFixtures(live: LiveEnv): Promise<SeededFixtures> {
  seeded ??= seed(live);
  return seeded;
}

async function seed(live: LiveEnv): Promise<SeededFixtures> {
  const client = liveS3Client(live);
  try {
    const bucket = await createTestBucket(client, 'e2e');
    const put = (Key: string, Body: string | Buffer, extra: Record<string, unknown> = {}) =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ...extra }));
    await put(FIXTURE_KEYS.none, 'not encrypted at all\n');
    const kmsKey = live.rgwKmsKeyIds[0];
    if (!kmsKey) throw new Error('the live env lists no RGW SSE-KMS key ids (rgwKmsKeyIds)');
    await put(FIXTURE_KEYS.sseKms, 'a,b\n1,2\n', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKey });
    const key = randomBytes(32);
    await put(FIXTURE_KEYS.sseC, randomBytes(64), {
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKey: key.toString('base64'),
      SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
    });
    await putClientSideEncrypted(client, bucket, FIXTURE_KEYS.cse, '{"balance": 42}\n');
    return { bucket, sseCKey: key.toString('base64') };
  } finally {
    client.destroy();
  }
}

async function putClientSideEncrypted(client: S3Client, bucket: string, key: string, plaintext: string): Promise<void> {
  const body = Buffer.from(plaintext);
  const enc = await createEncryptor({
    keyring: new AesKeyring(randomBytes(32)),
    format: 'v2',
    plaintextLength: body.length,
  });
  const ciphertext = await buffer(Readable.from([body]).pipe(enc.stream));
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: ciphertext, Metadata: { ...enc.metadata } }),
  );
}

/** Removes the seeded bucket (and anything the scenarios uploaded into it). */
export async function removeFixtures(live: LiveEnv): Promise<void> {
  const done = await seeded?.catch(() => undefined);
  seeded = undefined;
  if (!done) return;
  const client = liveS3Client(live);
  try {
    await deleteBucketCompletely(client, done.bucket);
  } finally {
    client.destroy();
  }
}
