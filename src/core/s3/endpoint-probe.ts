// Does this endpoint report server-side encryption on HeadObject? AWS always does; some S3-compatible
// servers (Ceph RGW without an SSE-S3 backend) accept `x-amz-server-side-encryption: AES256` and then answer
// HeadObject without the header, so "no header" means "not reported", not "not encrypted". The only way to
// know is to ask once: write an empty AES256 object, HEAD it, delete it. Called for custom endpoints only.
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';

/** "reports": HeadObject names SSE-S3; "silent": it does not; "unknown": the probe could not run (e.g. denied). */
export type SseReporting = 'reports' | 'silent' | 'unknown';

/**
 * How a count or a dry run names an object's mode: "none" (no SSE header) only where the endpoint would have
 * reported SSE; on a silent endpoint it is "not reported".
 */
export function reportedModeName(mode: string, reporting: SseReporting | undefined): string {
  return mode === 'none' && reporting === 'silent' ? 'not reported' : mode;
}

/** The probe object's key: a hidden, unique name, removed right after the HEAD. */
export function probeKey(): string {
  return `.s3enc-endpoint-probe-${randomUUID()}`;
}

export async function probeSseReporting(client: S3Client, bucket: string): Promise<SseReporting> {
  const key = probeKey();
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: new Uint8Array(0),
        ContentLength: 0,
        ServerSideEncryption: 'AES256',
      }),
    );
  } catch {
    // No write access, or a policy that denies AES256: ask again with another bucket later.
    return 'unknown';
  }
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ServerSideEncryption ? 'reports' : 'silent';
  } catch {
    return 'unknown';
  } finally {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
  }
}

/**
 * One answer per endpoint, probed at most once at a time; an "unknown" answer is not kept, so the next
 * bucket the user opens can try again.
 */
export class SseReportingCache {
  private readonly known = new Map<string, SseReporting>();
  private readonly running = new Map<string, Promise<SseReporting>>();

  get(endpoint: string): SseReporting | undefined {
    return this.known.get(endpoint);
  }

  async probe(endpoint: string, run: () => Promise<SseReporting>): Promise<SseReporting> {
    const known = this.known.get(endpoint);
    if (known) return known;
    let pending = this.running.get(endpoint);
    if (!pending) {
      pending = run().finally(() => this.running.delete(endpoint));
      this.running.set(endpoint, pending);
    }
    const answer = await pending;
    if (answer !== 'unknown') this.known.set(endpoint, answer);
    return answer;
  }
}
