// Which region each bucket lives in. ListBuckets reports BucketRegion on AWS today, but not every service
// (or older SDK answer) does; a bucket without it is still listed and its region is looked up once
// (GetBucketLocation, then HeadBucket's x-amz-bucket-region) and cached.
import { GetBucketLocationCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { regionFromError } from './faults';

export type RegionSource = 'listing' | 'location' | 'head' | 'redirect' | 'connection';

export interface ResolvedRegion {
  region: string;
  source: RegionSource;
}

/** GetBucketLocation answers null/"" for us-east-1 and "EU" for the oldest eu-west-1 buckets. */
export function normalizeLocationConstraint(value: string | undefined | null): string {
  if (!value) return 'us-east-1';
  if (value === 'EU') return 'eu-west-1';
  return value;
}

export class BucketRegionCache {
  private readonly regions = new Map<string, ResolvedRegion>();
  private readonly pending = new Map<string, Promise<ResolvedRegion>>();

  get(connectionId: string, bucket: string): ResolvedRegion | undefined {
    return this.regions.get(`${connectionId}\u0000${bucket}`);
  }

  set(connectionId: string, bucket: string, value: ResolvedRegion): void {
    this.regions.set(`${connectionId}\u0000${bucket}`, value);
  }

  /** Resolves once per bucket; concurrent callers share the lookup. */
  resolve(connectionId: string, bucket: string, client: S3Client, fallbackRegion: string): Promise<ResolvedRegion> {
    const id = `${connectionId}\u0000${bucket}`;
    const known = this.regions.get(id);
    if (known) return Promise.resolve(known);
    let lookup = this.pending.get(id);
    if (!lookup) {
      lookup = lookUpBucketRegion(client, bucket, fallbackRegion).then((r) => {
        this.regions.set(id, r);
        this.pending.delete(id);
        return r;
      });
      this.pending.set(id, lookup);
    }
    return lookup;
  }

  clear(connectionId?: string): void {
    for (const id of [...this.regions.keys()])
      if (!connectionId || id.startsWith(`${connectionId}\u0000`)) this.regions.delete(id);
  }
}

/** Never throws: a bucket whose region cannot be learned gets the connection's region. */
export async function lookUpBucketRegion(
  client: S3Client,
  bucket: string,
  fallbackRegion: string,
): Promise<ResolvedRegion> {
  try {
    const out = await client.send(new GetBucketLocationCommand({ Bucket: bucket }));
    return { region: normalizeLocationConstraint(out.LocationConstraint), source: 'location' };
  } catch (locationErr) {
    const redirected = regionFromError(locationErr);
    if (redirected) return { region: redirected, source: 'redirect' };
  }
  try {
    const head = await client.send(new HeadBucketCommand({ Bucket: bucket }));
    if (head.BucketRegion) return { region: head.BucketRegion, source: 'head' };
  } catch (headErr) {
    // HeadBucket answers 301/403 with the region header even when the caller may not read the bucket.
    const redirected = regionFromError(headErr);
    if (redirected) return { region: redirected, source: 'head' };
  }
  return { region: fallbackRegion, source: 'connection' };
}
