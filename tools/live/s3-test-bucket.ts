// Buckets on the live RGW for tests, benchmarks and the demo seed: the product's own S3 client for it, a uniquely
// named bucket, and its complete removal (objects, versions, delete markers, in-progress multipart uploads), so
// nothing leaks storage. The mocha hook around these is test/support/live-fixtures.ts's useTestBucket.
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createS3Client, type ConnectionConfig } from '../../src/core/s3/connection';
import { liveEnv, type LiveEnv } from './live-env';

/** The connection a live test uses for the local RGW (path-style, static keys). */
export function liveConnection(env: LiveEnv = liveEnv()): ConnectionConfig {
  return {
    id: 'live-rgw',
    label: 'Local Ceph RGW',
    credentials: { kind: 'static', accessKeyId: env.accessKeyId },
    region: env.region,
    endpoint: env.s3Endpoint,
    forcePathStyle: true,
  };
}

/** A path-style S3Client for the live RGW, built the way the product builds one (SSE-C over loopback HTTP allowed, as a user allows it for a local test server). */
export function liveS3Client(env: LiveEnv = liveEnv()): S3Client {
  return createS3Client(liveConnection(env), {
    secretAccessKey: env.secretAccessKey,
    maxAttempts: 3,
    allowSseCOverHttpLoopback: true,
  });
}

/** `s3enc-<label>-<time>-<random>`: valid, unique across parallel runs, and recognisable when leaked. */
export function uniqueBucketName(label = 'test'): string {
  const clean =
    label
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'test';
  return `s3enc-${clean}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function createTestBucket(client: S3Client, label?: string): Promise<string> {
  const bucket = uniqueBucketName(label);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

/** Aborts uploads, deletes every version and delete marker, then the bucket. Missing bucket is fine. */
export async function deleteBucketCompletely(client: S3Client, bucket: string): Promise<void> {
  try {
    await abortUploads(client, bucket);
    await deleteAllVersions(client, bucket);
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchBucket') return;
    throw e;
  }
}

async function abortUploads(client: S3Client, bucket: string): Promise<void> {
  let KeyMarker: string | undefined;
  let UploadIdMarker: string | undefined;
  do {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker, UploadIdMarker }));
    for (const u of page.Uploads ?? []) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
    }
    [KeyMarker, UploadIdMarker] = page.IsTruncated
      ? [page.NextKeyMarker, page.NextUploadIdMarker]
      : [undefined, undefined];
  } while (KeyMarker);
}

async function deleteAllVersions(client: S3Client, bucket: string): Promise<void> {
  for (;;) {
    // Always list from the start: deleting shifts the markers, and each round removes what it saw.
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    const ids: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key,
      VersionId: v.VersionId,
    }));
    if (!ids.length) return;
    const res = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: ids, Quiet: true } }));
    if (res.Errors?.length) {
      const first = res.Errors[0];
      throw new Error(`Could not empty bucket ${bucket}: ${first.Key}: ${first.Code} ${first.Message}`);
    }
  }
}
