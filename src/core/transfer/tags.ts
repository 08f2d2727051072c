// Object tags across rewrites. S3 keeps them with TaggingDirective COPY / the Tagging header; some
// S3-compatible servers (Ceph RGW 16) drop them on copy and on CreateMultipartUpload, so after a rewrite we
// check and restate them rather than trusting the directive.
import { GetObjectTaggingCommand, PutObjectTaggingCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';

export async function readTags(client: S3Client, bucket: string, key: string, signal?: AbortSignal): Promise<Tag[]> {
  const out = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  return out.TagSet ?? [];
}

export function tagsAsQuery(tags: readonly Tag[]): string | undefined {
  const q = new URLSearchParams(tags.map((t): [string, string] => [t.Key ?? '', t.Value ?? ''])).toString();
  return q || undefined;
}

/** Makes the object's tags equal `expected` (no request when the server already kept them). */
export async function ensureTags(
  client: S3Client,
  bucket: string,
  key: string,
  expected: readonly Tag[],
): Promise<void> {
  if (expected.length === 0) return;
  const now = await readTags(client, bucket, key);
  const same =
    now.length === expected.length && expected.every((t) => now.some((n) => n.Key === t.Key && n.Value === t.Value));
  if (same) return;
  await client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: [...expected] } }));
}
