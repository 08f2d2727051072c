// S3 clients for one connection, one per region, created on first use. Bucket calls go through
// `forBucket`, which picks the bucket's region and, when S3 answers "wrong region", learns the right one
// and retries once there.
import type { S3Client } from '@aws-sdk/client-s3';
import { BucketRegionCache, type ResolvedRegion } from './bucket-region';
import { createS3Client, DEFAULT_REGION, type ClientOptions, type ConnectionConfig } from './connection';
import { S3Fault, toS3Fault } from './faults';

export class ClientPool {
  private readonly clients = new Map<string, S3Client>();
  readonly regions = new BucketRegionCache();

  constructor(
    readonly connection: ConnectionConfig,
    private readonly options: ClientOptions = {},
  ) {}

  /** The connection's own region (profile regions are resolved by the SDK from ~/.aws/config). */
  async defaultRegion(): Promise<string> {
    if (this.connection.region) return this.connection.region;
    const region = await this.client().config.region();
    return region || DEFAULT_REGION;
  }

  /** Client for a region; undefined = the connection's default region. */
  client(region?: string): S3Client {
    const id = region ?? '';
    let c = this.clients.get(id);
    if (!c) {
      c = createS3Client(this.connection, { ...this.options, region: region ?? this.options.region });
      this.clients.set(id, c);
    }
    return c;
  }

  /**
   * The region to sign bucket requests with. A custom endpoint is usually one service whose location
   * names (e.g. RGW zonegroups) are not signing regions, so it keeps the connection's region unless the
   * service itself redirected us elsewhere.
   */
  private signingRegion(resolved: ResolvedRegion): string | undefined {
    if (this.connection.endpoint && resolved.source !== 'redirect') return undefined;
    return resolved.region;
  }

  faultHints(): { profile?: string; endpoint?: string } {
    return {
      profile: this.connection.credentials.kind === 'profile' ? this.connection.credentials.profile : undefined,
      endpoint: this.connection.endpoint,
    };
  }

  async bucketRegion(bucket: string): Promise<ResolvedRegion> {
    return this.regions.resolve(this.connection.id, bucket, this.client(), await this.defaultRegion());
  }

  /** Runs a call against the bucket's region, following one "wrong region" answer. */
  async forBucket<T>(bucket: string, call: (client: S3Client, region: string) => Promise<T>): Promise<T> {
    const resolved = await this.bucketRegion(bucket);
    const region = resolved.region;
    try {
      return await call(this.client(this.signingRegion(resolved)), region);
    } catch (err) {
      const fault =
        err instanceof S3Fault ? err : toS3Fault(err, { operation: 'S3 request', bucket, ...this.faultHints() });
      if (fault.kind !== 'WrongRegion' || !fault.region || (fault.region === region && resolved.source === 'redirect'))
        throw err;
      this.regions.set(this.connection.id, bucket, { region: fault.region, source: 'redirect' });
      return call(this.client(fault.region), fault.region);
    }
  }

  dispose(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
