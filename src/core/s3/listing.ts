// Listing: buckets (all pages) and one page of a bucket/prefix (ListObjectsV2 with the '/' delimiter, or
// flat for recursive listings). Only the requested page is fetched; the caller keeps the continuation token.
import { ListBucketsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { withFault, type FaultContext } from './faults';

export interface BucketSummary {
  name: string;
  creationDate?: Date;
  /** From ListBuckets when the service reports it; otherwise resolved later (see BucketRegionCache). */
  region?: string;
}

export interface ObjectSummary {
  key: string;
  size: number;
  lastModified?: Date;
  etag?: string;
  storageClass?: string;
}

export interface ObjectPage {
  /** Common prefixes ("folders"), each ending in the delimiter. */
  folders: string[];
  objects: ObjectSummary[];
  /** Present when more keys follow. */
  nextToken?: string;
}

export interface ListPageRequest {
  bucket: string;
  prefix?: string;
  /** Keys per page (1..1000). */
  pageSize?: number;
  continuationToken?: string;
  /** Flat listing of every key under the prefix (no folders). */
  recursive?: boolean;
}

export const DEFAULT_PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 1000;

type Hints = Omit<FaultContext, 'operation' | 'bucket'>;

export async function listBuckets(client: S3Client, hints: Hints = {}): Promise<BucketSummary[]> {
  const buckets: BucketSummary[] = [];
  let token: string | undefined;
  do {
    const out = await withFault({ operation: 'ListBuckets', ...hints }, () =>
      client.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {})),
    );
    for (const b of out.Buckets ?? []) {
      if (!b.Name) continue;
      buckets.push({ name: b.Name, creationDate: b.CreationDate, region: b.BucketRegion || undefined });
    }
    token = out.ContinuationToken || undefined;
  } while (token);
  return buckets.sort((a, b) => a.name.localeCompare(b.name));
}

export function clampPageSize(size: number | undefined): number {
  if (!size || !Number.isFinite(size)) return DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(size)));
}

export async function listObjectsPage(client: S3Client, req: ListPageRequest, hints: Hints = {}): Promise<ObjectPage> {
  const out = await withFault({ operation: 'ListObjectsV2', bucket: req.bucket, ...hints }, () =>
    client.send(
      new ListObjectsV2Command({
        Bucket: req.bucket,
        Prefix: req.prefix || undefined,
        Delimiter: req.recursive ? undefined : '/',
        MaxKeys: clampPageSize(req.pageSize),
        ContinuationToken: req.continuationToken,
      }),
    ),
  );
  return {
    folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix).filter((p): p is string => !!p),
    objects: (out.Contents ?? [])
      .filter((o) => o.Key !== undefined)
      .map((o) => ({
        key: o.Key as string,
        size: o.Size ?? 0,
        lastModified: o.LastModified,
        etag: o.ETag,
        storageClass: o.StorageClass,
      })),
    nextToken: out.IsTruncated ? out.NextContinuationToken : undefined,
  };
}
