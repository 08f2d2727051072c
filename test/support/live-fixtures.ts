// Shared helpers for the live tests: a bucket per suite (useLiveBucket with a temp folder, useTestBucket), random
// files, and the leftover-upload check.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/core/s3/connection';
import { liveEnv } from '../../tools/live/live-env';
import {
  createTestBucket,
  deleteBucketCompletely,
  liveConnection,
  liveS3Client,
} from '../../tools/live/s3-test-bucket';

export const MIB = 1024 * 1024;

export interface LiveSuite {
  client: S3Client;
  bucket: string;
  dir: string;
}

/** Registers before/after hooks; the returned object is filled in `before`. */
export function useLiveBucket(label: string): LiveSuite {
  const suite = {} as LiveSuite;
  before(async () => {
    suite.client = liveS3Client();
    suite.bucket = await createTestBucket(suite.client, label);
    suite.dir = mkdtempSync(join(tmpdir(), `s3enc-${label}-`));
  });
  after(async () => {
    if (suite.bucket) await deleteBucketCompletely(suite.client, suite.bucket);
    if (suite.dir) rmSync(suite.dir, { recursive: true, force: true });
    suite.client?.destroy();
  });
  return suite;
}

/** A client for the live RGW at another endpoint (a proxy), without SDK retries unless asked. */
export function clientVia(endpoint: string, maxAttempts = 1): S3Client {
  const env = liveEnv();
  return createS3Client(
    { ...liveConnection(env), endpoint },
    { secretAccessKey: env.secretAccessKey, maxAttempts, allowSseCOverHttpLoopback: true },
  );
}

export function randomFile(dir: string, name: string, bytes: number): { path: string; data: Buffer } {
  const data = randomBytes(bytes);
  const path = join(dir, name);
  writeFileSync(path, data);
  return { path, data };
}

export async function pendingUploads(client: S3Client, bucket: string): Promise<Array<{ key?: string; id?: string }>> {
  const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (out.Uploads ?? []).map((u) => ({ key: u.Key, id: u.UploadId }));
}

export async function objectExists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return false;
    throw e;
  }
}

/**
 * Mocha helper: a fresh bucket before the suite, removed after it.
 *   const t = useTestBucket('explorer');  it('...', async () => { await t.client.send(...t.bucket...) });
 */
export function useTestBucket(label?: string): { readonly client: S3Client; readonly bucket: string } {
  let client: S3Client | undefined;
  let bucket: string | undefined;
  before(async function () {
    this.timeout(60_000);
    client = liveS3Client();
    bucket = await createTestBucket(client, label);
  });
  after(async function () {
    this.timeout(60_000);
    if (client && bucket) await deleteBucketCompletely(client, bucket);
    client?.destroy();
  });
  return {
    get client(): S3Client {
      if (!client) throw new Error('useTestBucket: the client exists only inside tests (after `before` ran)');
      return client;
    },
    get bucket(): string {
      if (!bucket) throw new Error('useTestBucket: the bucket exists only inside tests (after `before` ran)');
      return bucket;
    },
  };
}
