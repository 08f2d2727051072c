// Finding a bucket's inventory: its configurations (ListBucketInventoryConfigurations) and, for each, the
// newest report under DEST/[prefix/]SOURCE/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json; or a manifest the user
// names (s3:// URL or local file). The manifest is checked against manifest.checksum before it is used.
import {
  GetObjectCommand,
  ListBucketInventoryConfigurationsCommand,
  ListObjectsV2Command,
  type InventoryConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { withFault } from '../s3/faults';
import { InventoryError } from './errors';
import { inventoryDateOf, parseManifest, verifyManifestChecksum, type InventoryManifest } from './manifest';

export type ManifestRef = { kind: 's3'; bucket: string; key: string } | { kind: 'file'; path: string };

export interface LoadedManifest {
  ref: ManifestRef;
  /** s3://bucket/key or the absolute path. */
  location: string;
  manifest: InventoryManifest;
  inventoryDate?: string;
  /** False only for a local manifest with no manifest.checksum beside it. */
  checksumVerified: boolean;
  /** The configuration it came from, when found through ListBucketInventoryConfigurations. */
  configuration?: InventoryConfiguration;
}

type Hints = { profile?: string; endpoint?: string };

export function parseManifestArgument(value: string): ManifestRef {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(value);
  if (m) return { kind: 's3', bucket: m[1], key: m[2] };
  if (value.startsWith('s3://'))
    throw new InventoryError('InventoryNotFound', `${value} names no object; expected s3://BUCKET/…/manifest.json.`);
  return { kind: 'file', path: resolve(value) };
}

export function describeRef(ref: ManifestRef): string {
  return ref.kind === 's3' ? `s3://${ref.bucket}/${ref.key}` : ref.path;
}

async function getText(client: S3Client, bucket: string, key: string, hints: Hints): Promise<Buffer> {
  const out = await withFault({ operation: 'GetObject (inventory manifest)', bucket, key, ...hints }, () =>
    client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
  );
  return Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
}

/** Reads and verifies a manifest. `clientFor` gives a client for the manifest's bucket (S3 manifests only). */
export async function loadManifest(
  ref: ManifestRef,
  clientFor: (bucket: string) => Promise<S3Client>,
  hints: Hints = {},
): Promise<LoadedManifest> {
  const location = describeRef(ref);
  let bytes: Buffer;
  let checksum: string | undefined;
  if (ref.kind === 's3') {
    const client = await clientFor(ref.bucket);
    bytes = await getText(client, ref.bucket, ref.key, hints);
    const checksumKey = ref.key.replace(/manifest\.json$/, 'manifest.checksum');
    try {
      checksum = (await getText(client, ref.bucket, checksumKey, hints)).toString('utf8');
    } catch (err) {
      throw new InventoryError(
        'InventoryChecksumMismatch',
        `s3://${ref.bucket}/${checksumKey} could not be read (${(err as Error).message}), so ${location} cannot be verified; nothing was counted. ` +
          'S3 writes manifest.checksum after manifest.json: if the report is still being delivered, try again later.',
      );
    }
  } else {
    if (!existsSync(ref.path)) throw new InventoryError('InventoryNotFound', `${ref.path} does not exist.`);
    bytes = readFileSync(ref.path);
    const checksumPath = join(dirname(ref.path), 'manifest.checksum');
    if (existsSync(checksumPath)) checksum = readFileSync(checksumPath, 'utf8');
  }
  if (checksum !== undefined) verifyManifestChecksum(bytes, checksum, location);
  const manifest = parseManifest(bytes.toString('utf8'), location);
  return {
    ref,
    location,
    manifest,
    inventoryDate: inventoryDateOf(manifest, ref.kind === 's3' ? ref.key : ref.path),
    checksumVerified: checksum !== undefined,
  };
}

export async function listInventoryConfigurations(
  client: S3Client,
  bucket: string,
  hints: Hints = {},
): Promise<InventoryConfiguration[]> {
  const configs: InventoryConfiguration[] = [];
  let token: string | undefined;
  do {
    const out = await withFault({ operation: 'ListBucketInventoryConfigurations', bucket, ...hints }, () =>
      client.send(new ListBucketInventoryConfigurationsCommand({ Bucket: bucket, ContinuationToken: token })),
    );
    configs.push(...(out.InventoryConfigurationList ?? []));
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return configs;
}

/** Where a configuration's reports go: destination bucket and the folder holding the dated report folders. */
export function reportFolderOf(
  config: InventoryConfiguration,
  sourceBucket: string,
): { bucket: string; folder: string } | undefined {
  const dest = config.Destination?.S3BucketDestination;
  if (!dest?.Bucket || !config.Id) return undefined;
  const bucket = dest.Bucket.startsWith('arn:') ? dest.Bucket.slice(dest.Bucket.lastIndexOf(':') + 1) : dest.Bucket;
  const prefix = dest.Prefix ? `${dest.Prefix.replace(/\/+$/, '')}/` : '';
  return { bucket, folder: `${prefix}${sourceBucket}/${config.Id}/` };
}

const REPORT_FOLDER = /(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}Z)\/$/;

/** Dated report folders of one configuration, newest first. */
export async function listReportDates(
  client: S3Client,
  bucket: string,
  folder: string,
  hints: Hints = {},
): Promise<string[]> {
  const dates: string[] = [];
  let token: string | undefined;
  do {
    const out = await withFault({ operation: 'ListObjectsV2 (inventory reports)', bucket, ...hints }, () =>
      client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, Delimiter: '/', ContinuationToken: token }),
      ),
    );
    for (const p of out.CommonPrefixes ?? []) {
      const m = p.Prefix ? REPORT_FOLDER.exec(p.Prefix) : null;
      if (m) dates.push(m[1]);
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return dates.sort().reverse();
}

/** A configuration whose reports carry EncryptionStatus is preferred; among those, a whole-bucket one. */
function configurationRank(c: InventoryConfiguration): number {
  let rank = 0;
  if (c.OptionalFields?.includes('EncryptionStatus')) rank += 4;
  if (!c.Filter?.Prefix) rank += 2;
  if (c.IncludedObjectVersions === 'All') rank += 1;
  return rank;
}

export interface FoundReport {
  ref: ManifestRef;
  configuration: InventoryConfiguration;
  /** Every report date of that configuration, newest first (for trends). */
  dates: string[];
}

/** The newest report of the best enabled configuration, or an InventoryNotFound error that says what to do. */
export async function findNewestReport(
  sourceBucket: string,
  configs: InventoryConfiguration[],
  clientFor: (bucket: string) => Promise<S3Client>,
  hints: Hints = {},
): Promise<FoundReport> {
  const usable = configs
    .filter((c) => c.IsEnabled !== false)
    .sort((a, b) => configurationRank(b) - configurationRank(a));
  if (!usable.length) {
    throw new InventoryError(
      'InventoryNotFound',
      `s3://${sourceBucket} has no ${configs.length ? 'enabled ' : ''}S3 Inventory configuration.`,
      'createInventory',
    );
  }
  for (const config of usable) {
    const where = reportFolderOf(config, sourceBucket);
    if (!where) continue;
    const client = await clientFor(where.bucket);
    const dates = await listReportDates(client, where.bucket, where.folder, hints);
    if (dates.length)
      return {
        ref: { kind: 's3', bucket: where.bucket, key: `${where.folder}${dates[0]}/manifest.json` },
        configuration: config,
        dates,
      };
  }
  throw new InventoryError(
    'InventoryNotFound',
    `s3://${sourceBucket} has an inventory configuration (${usable.map((c) => c.Id).join(', ')}) but no report was delivered yet; S3 delivers the first within 48 hours.`,
    'auditScan',
  );
}
