// One audit, from a bucket name to the report: the named manifest, else the newest inventory report, else
// (with scan) a live classification. Both front ends (CLI, VS Code) call this and only render the result.
import type { InventoryConfiguration, S3Client } from '@aws-sdk/client-s3';
import type { ClientPool } from '../s3/client-pool';
import { S3Fault } from '../s3/faults';
import { auditInventoryFiles, orcRefusal } from './audit-inventory';
import type { AuditProgressListener } from './audit-progress';
import { localDataFiles, s3DataFiles, type DataFileAccess } from './data-files';
import { InventoryError } from './errors';
import { AUDIT_OPTIONAL_FIELDS } from './inventory-row';
import { DEFAULT_KMS_SAMPLE, sampleKmsKeys } from './kms-sample';
import {
  findNewestReport,
  listInventoryConfigurations,
  loadManifest,
  parseManifestArgument,
  type LoadedManifest,
} from './locate-inventory';
import { normalizeColumnName, schemaColumns } from './manifest';
import { buildAuditReport, type AuditReport } from './report';
import { scanBucket, type ScanPlan, type ScanProgress } from './scan';

export interface AuditRequest {
  bucket: string;
  /** s3://…/manifest.json or a local path. */
  manifest?: string;
  scan?: boolean;
  prefixDepth?: number;
  currentOnly?: boolean;
  /** SSE-KMS objects to HeadObject for the key distribution (0: none). */
  kmsSampleSize?: number;
  /** HeadObject requests in flight (scan, KMS sample). */
  headConcurrency?: number;
  /** Inventory data files read at once. */
  fileConcurrency?: number;
  signal?: AbortSignal;
  onProgress?: AuditProgressListener;
  onScanPlan?: (plan: ScanPlan) => void;
  onScanProgress?: (p: ScanProgress) => void;
}

export interface AuditOutcome {
  report: AuditReport;
  loaded?: LoadedManifest;
  configuration?: InventoryConfiguration;
  /** Every report date of the configuration, newest first (when found through the configuration). */
  reportDates?: string[];
}

const clientForBucket =
  (pool: ClientPool) =>
  (bucket: string): Promise<S3Client> =>
    pool.forBucket(bucket, async (client) => client);

/** Finds the report to audit: the named manifest, else the newest report of the bucket's configurations. */
export async function locateReport(
  pool: ClientPool,
  bucket: string,
  manifest?: string,
): Promise<{ loaded: LoadedManifest; configuration?: InventoryConfiguration; dates?: string[] }> {
  const hints = pool.faultHints();
  const clientFor = clientForBucket(pool);
  if (manifest) return { loaded: await loadManifest(parseManifestArgument(manifest), clientFor, hints) };
  let configs: InventoryConfiguration[];
  try {
    configs = await pool.forBucket(bucket, (client) => listInventoryConfigurations(client, bucket, hints));
  } catch (err) {
    // Unreachable endpoints, credentials, a missing bucket or a denied call are real faults; anything else
    // (NotImplemented, a service without the API) means this service has no inventory to offer.
    if (err instanceof S3Fault && err.kind !== 'Failed') throw err;
    throw new InventoryError(
      'InventoryNotFound',
      `The inventory configurations of s3://${bucket} could not be listed (${(err as Error).message}); this S3 service may not support S3 Inventory.`,
      'auditScan',
    );
  }
  const found = await findNewestReport(bucket, configs, clientFor, hints);
  const loaded = await loadManifest(found.ref, clientFor, hints);
  return {
    loaded: { ...loaded, configuration: found.configuration },
    configuration: found.configuration,
    dates: found.dates,
  };
}

export async function runAudit(pool: ClientPool, req: AuditRequest): Promise<AuditOutcome> {
  const prefixDepth = req.prefixDepth ?? 1;
  const hints = pool.faultHints();
  if (req.scan) {
    const result = await pool.forBucket(req.bucket, (client) =>
      scanBucket(client, req.bucket, {
        prefixDepth,
        concurrency: req.headConcurrency ?? 16,
        signal: req.signal,
        onPlan: req.onScanPlan,
        onProgress: req.onScanProgress,
        hints,
      }),
    );
    return {
      report: buildAuditReport(result.tally, {
        bucket: req.bucket,
        source: 'scan',
        kmsKeys: result.kmsKeys,
        byMode: result.byMode,
      }),
    };
  }
  const { loaded, configuration, dates } = await locateReport(pool, req.bucket, req.manifest);
  const m = loaded.manifest;
  if (m.sourceBucket && m.sourceBucket !== req.bucket) {
    throw new InventoryError(
      'InventoryManifestInvalid',
      `${loaded.location} is the inventory of s3://${m.sourceBucket}, not of s3://${req.bucket}.`,
    );
  }
  if (m.fileFormat === 'ORC') throw orcRefusal(configuration?.Id);
  const access = dataAccessFor(pool, loaded);
  const tally = await auditInventoryFiles(m, access, {
    prefixDepth,
    currentOnly: !!req.currentOnly,
    kmsSampleSize: req.kmsSampleSize ?? DEFAULT_KMS_SAMPLE,
    concurrency: req.fileConcurrency,
    signal: req.signal,
    onProgress: req.onProgress,
  });
  const have = new Set(schemaColumns(m).map(normalizeColumnName));
  const missingFields = AUDIT_OPTIONAL_FIELDS.filter((f) => !have.has(normalizeColumnName(f)));
  const sample = tally.kmsSample.values();
  const kmsKeys = sample.length
    ? await pool.forBucket(req.bucket, (client) =>
        sampleKmsKeys(client, req.bucket, sample, tally.kmsSample.seen, req.headConcurrency ?? 16),
      )
    : undefined;
  return {
    report: buildAuditReport(tally, {
      bucket: req.bucket,
      source: 'inventory',
      manifest: loaded.location,
      inventoryDate: loaded.inventoryDate,
      missingFields,
      kmsKeys,
    }),
    loaded,
    configuration,
    reportDates: dates,
  };
}

/** Where the report's data files are read: its destination bucket, or beside a local manifest. */
export function dataAccessFor(pool: ClientPool, loaded: LoadedManifest): DataFileAccess {
  const m = loaded.manifest;
  const destination = m.destinationBucket || (loaded.ref.kind === 's3' ? loaded.ref.bucket : '');
  const fromS3 = async (): Promise<DataFileAccess> =>
    s3DataFiles(await clientForBucket(pool)(destination), destination, pool.faultHints());
  return loaded.ref.kind === 'file'
    ? localDataFiles(loaded.ref.path, destination ? lazyS3(fromS3) : undefined)
    : lazyS3(fromS3, destination);
}

/** Creates the S3 access on first use (a local report may never need it). */
function lazyS3(make: () => Promise<DataFileAccess>, bucket?: string): DataFileAccess {
  let made: Promise<DataFileAccess> | undefined;
  const get = (): Promise<DataFileAccess> => (made ??= make());
  return {
    open: async (file, signal) => (await get()).open(file, signal),
    localPath: () => undefined,
    describe: (file) => (bucket ? `s3://${bucket}/${file.key}` : file.key),
  };
}
