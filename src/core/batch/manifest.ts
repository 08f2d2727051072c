// S3 Batch Operations CSV manifest (format S3BatchOperations_CSV_20180820): one `bucket,key` line per object,
// the key URL-encoded, written to S3 so the job can read it by ARN and ETag.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export const CSV_MANIFEST_FORMAT = 'S3BatchOperations_CSV_20180820';

export function encodeManifestKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/');
}

export function decodeManifestKey(field: string): string {
  return decodeURIComponent(field.replace(/\+/g, ' '));
}

export function csvManifest(bucket: string, keys: Iterable<string>): string {
  let out = '';
  for (const k of keys) out += `${bucket},${encodeManifestKey(k)}\n`;
  return out;
}

/** `bucket,key[,versionId]` lines back to objects (the stand-in and tests read manifests with it). */
export function parseCsvManifest(text: string): Array<{ bucket: string; key: string; versionId?: string }> {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [bucket, key, versionId] = line.split(',');
      if (!bucket || key === undefined)
        throw new Error(`not a Batch Operations CSV manifest line: ${line.slice(0, 80)}`);
      return { bucket, key: decodeManifestKey(key), ...(versionId ? { versionId } : {}) };
    });
}

export interface S3Destination {
  bucket: string;
  /** Prefix without a trailing slash ("" for the bucket root). */
  prefix: string;
}

export function parseS3Destination(uri: string): S3Destination | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) return undefined;
  return { bucket: m[1], prefix: m[2].replace(/\/+$/, '') };
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export interface WrittenManifest {
  objectArn: string;
  etag: string;
  key: string;
}

export async function writeCsvManifest(
  client: S3Client,
  dest: S3Destination,
  name: string,
  csv: string,
): Promise<WrittenManifest> {
  const key = `${dest.prefix ? `${dest.prefix}/` : ''}manifests/${name}.csv`;
  const out = await client.send(
    new PutObjectCommand({ Bucket: dest.bucket, Key: key, Body: csv, ContentType: 'text/csv' }),
  );
  if (!out.ETag) throw new Error(`S3 stored the manifest s3://${dest.bucket}/${key} without reporting its ETag`);
  return { objectArn: `${bucketArn(dest.bucket)}/${key}`, etag: out.ETag.replace(/"/g, ''), key };
}
