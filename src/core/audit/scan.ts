// Audit without an inventory: list the bucket and classify each object live with the explorer's classifier
// (HeadObject, bounded concurrency). The object count is listed first so the ETA is known up front; the HeadObject
// rate is measured on the first objects. Counts current versions (what ListObjectsV2 returns).
import { isKmsMode, SERVER_SIDE_MODES } from '../encryption/modes';
import type { S3Client } from '@aws-sdk/client-s3';
import { listObjectsPage, MAX_PAGE_SIZE } from '../s3/listing';
import { classifyPage } from '../s3/object-listing-report';
import { throwIfCancelled } from './errors';
import { inventoryStatusOfEncryption } from './inventory-status';
import type { InventoryRow } from './inventory-row';
import { keyDistribution, type KmsKeyDistribution } from './kms-sample';
import { AuditTally, type Counts, type TallyOptions } from './tally';

export interface ScanPlan {
  objects: number;
  /** Estimated seconds for the HeadObject pass, from the rate of the first objects. */
  etaSeconds: number;
  headsPerSecond: number;
}

export interface ScanProgress {
  classified: number;
  total: number;
  headsPerSecond: number;
  etaSeconds: number;
}

export interface ScanOptions extends Omit<TallyOptions, 'kmsSampleSize' | 'currentOnly'> {
  concurrency: number;
  prefix?: string;
  signal?: AbortSignal;
  onPlan?: (plan: ScanPlan) => void;
  onProgress?: (p: ScanProgress) => void;
  hints?: { profile?: string; endpoint?: string };
}

export interface ScanResult {
  tally: AuditTally;
  byMode: Record<string, Counts>;
  kmsKeys: KmsKeyDistribution;
}

export async function countObjects(
  client: S3Client,
  bucket: string,
  prefix: string | undefined,
  signal?: AbortSignal,
  hints = {},
): Promise<number> {
  let token: string | undefined;
  let count = 0;
  do {
    throwIfCancelled(signal);
    const page = await listObjectsPage(
      client,
      { bucket, prefix, recursive: true, pageSize: MAX_PAGE_SIZE, continuationToken: token },
      hints,
    );
    count += page.objects.length;
    token = page.nextToken;
  } while (token);
  return count;
}

export async function scanBucket(client: S3Client, bucket: string, opts: ScanOptions): Promise<ScanResult> {
  const total = await countObjects(client, bucket, opts.prefix, opts.signal, opts.hints);
  const tally = new AuditTally({ prefixDepth: opts.prefixDepth, currentOnly: false, kmsSampleSize: 0 });
  const byMode: Record<string, Counts> = {};
  const kmsKeyIds: string[] = [];
  const row: InventoryRow = { key: '', isDeleteMarker: false, size: 0 };
  const started = Date.now();
  let classified = 0;
  let planned = total === 0;
  if (planned) opts.onPlan?.({ objects: 0, etaSeconds: 0, headsPerSecond: 0 });
  const rate = (): number => (classified * 1000) / Math.max(1, Date.now() - started);
  let token: string | undefined;
  do {
    throwIfCancelled(opts.signal);
    const page = await listObjectsPage(
      client,
      { bucket, prefix: opts.prefix, recursive: true, pageSize: MAX_PAGE_SIZE, continuationToken: token },
      opts.hints,
    );
    // The first batch is small so the plan (count + ETA) comes within a second or two.
    const batches = planned
      ? [page.objects]
      : [page.objects.slice(0, opts.concurrency * 4), page.objects.slice(opts.concurrency * 4)];
    for (const batch of batches) {
      throwIfCancelled(opts.signal);
      const results = await classifyPage(client, bucket, batch, opts.concurrency, opts.hints);
      for (const o of results) {
        const enc = o.encryption;
        row.key = o.key;
        row.size = o.size;
        row.storageClass = o.storageClass ?? 'STANDARD';
        row.encryptionStatus = inventoryStatusOfEncryption(enc);
        row.bucketKeyStatus = enc.bucketKeyEnabled ? 'ENABLED' : 'DISABLED';
        tally.add(row);
        const m = (byMode[enc.mode] ??= { objects: 0, bytes: 0 });
        m.objects++;
        m.bytes += o.size;
        if (isKmsMode(enc.mode)) kmsKeyIds.push(enc.kmsKeyId ?? '(no key reported)');
        // A client-side object that S3 also encrypts with KMS: the classifier keeps its CSE envelope, not the SSE key.
        else if (isKmsMode(enc.serverSide)) kmsKeyIds.push('(key not recorded for client-side objects)');
      }
      classified += results.length;
      if (!planned && classified > 0) {
        planned = true;
        const r = rate();
        opts.onPlan?.({ objects: total, headsPerSecond: r, etaSeconds: r > 0 ? (total - classified) / r : 0 });
      }
      const r = rate();
      opts.onProgress?.({
        classified,
        total,
        headsPerSecond: r,
        etaSeconds: r > 0 ? Math.max(0, total - classified) / r : 0,
      });
    }
    token = page.nextToken;
  } while (token);
  const kmsPopulation = SERVER_SIDE_MODES.filter((m) => isKmsMode(m)).reduce(
    (sum, m) => sum + tally.byStatus.get(m).objects,
    0,
  );
  return { tally, byMode, kmsKeys: keyDistribution(kmsKeyIds, kmsPopulation, 0) };
}
