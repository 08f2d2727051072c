// Seeds a live RGW bucket with one object per encryption mode RGW supports, plus folders and a page-able
// folder. Each entry records what a user should see for it, taken from how it was written (and, for CSE,
// from the vector's own vector.json), never from the classifier.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { vectorsDir } from '../../tools/live/vectors-path';

export interface SeededObject {
  key: string;
  mode: string;
  kmsKeyId?: string;
  wrapAlgorithm?: string;
  envelope?: string;
  sseCustomerKeyMd5?: string;
}

export interface SeededBucket {
  objects: SeededObject[];
  /** Keys that exist only as envelopes of others. */
  instructionKeys: string[];
  sseCustomerKey: Buffer;
  pageFolder: string;
  pageCount: number;
}

const CSE_VECTORS: { name: string; key: string }[] = [
  { name: 'rb-v1-aes-cbc', key: 'cse/v1-aes-cbc' },
  { name: 'rb-v1-rsa-cbc', key: 'cse/v1-rsa-cbc' },
  { name: 'rb-v2-aesgcm-meta', key: 'cse/v2-aes-gcm' },
  { name: 'rb-v2-rsa-meta', key: 'cse/v2-rsa' },
  { name: 'rb-v2-kms-context-meta', key: 'cse/v2-kms' },
  { name: 'rb-v2-aesgcm-instr', key: 'cse/v2-instruction' },
  { name: 'py-v3-kms-meta', key: 'cse/v3-kms' },
  { name: 'py-v3-kms-instr', key: 'cse/v3-instruction' },
];

export async function seedEncryptionBucket(
  client: S3Client,
  bucket: string,
  rgwKmsKeyId: string,
): Promise<SeededBucket> {
  const put = (Key: string, Body: string | Buffer, extra: Record<string, unknown> = {}): Promise<unknown> =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ...extra }));
  const sseCustomerKey = randomBytes(32);
  const md5 = createHash('md5').update(sseCustomerKey).digest('base64');
  const objects: SeededObject[] = [];
  const instructionKeys: string[] = [];
  const writes: Promise<unknown>[] = [];

  writes.push(put('plain.txt', 'hello'));
  objects.push({ key: 'plain.txt', mode: 'none' });
  writes.push(put('deep/a/b/c.txt', 'deep'));
  objects.push({ key: 'deep/a/b/c.txt', mode: 'none' });
  writes.push(put('kms/object.txt', 'kms body', { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: rgwKmsKeyId }));
  objects.push({ key: 'kms/object.txt', mode: 'SSE-KMS', kmsKeyId: rgwKmsKeyId });
  writes.push(
    put('ssec/object.bin', randomBytes(100), {
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKey: sseCustomerKey.toString('base64'),
      SSECustomerKeyMD5: md5,
    }),
  );
  objects.push({ key: 'ssec/object.bin', mode: 'SSE-C', sseCustomerKeyMd5: md5 });

  const dir = vectorsDir();
  for (const { name, key } of CSE_VECTORS) {
    const vdir = join(dir, name);
    const vector = JSON.parse(readFileSync(join(vdir, 'vector.json'), 'utf8')) as {
      format: string;
      wrap: string;
      envelope: string;
    };
    const metadata = JSON.parse(readFileSync(join(vdir, 'metadata.json'), 'utf8')) as Record<string, string>;
    writes.push(put(key, readFileSync(join(vdir, 'body.bin')), { Metadata: metadata }));
    if (existsSync(join(vdir, 'instruction.json'))) {
      writes.push(put(`${key}.instruction`, readFileSync(join(vdir, 'instruction.json'))));
      instructionKeys.push(`${key}.instruction`);
    }
    objects.push({
      key,
      mode: `CSE-${vector.format.toUpperCase()}`,
      wrapAlgorithm: vector.wrap,
      envelope: vector.envelope,
    });
  }

  const pageFolder = 'page/';
  const pageCount = 7;
  for (let i = 0; i < pageCount; i++) {
    const key = `${pageFolder}item-${i}.txt`;
    writes.push(put(key, `item ${i}`));
    objects.push({ key, mode: 'none' });
  }
  await Promise.all(writes);
  return { objects, instructionKeys, sseCustomerKey, pageFolder, pageCount };
}
