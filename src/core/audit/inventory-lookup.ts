// Per-object encryption from the inventory, for listings (`s3enc ls`, the tree): ListObjects returns no
// encryption, so instead of one HeadObject per key the newest report gives each current object's status,
// labelled with the report's date. An object missing from the report, or changed since (another ETag or
// size), still gets a HeadObject.
import type { ClientPool } from '../s3/client-pool';
import type { ObjectEncryption } from '../s3/object-encryption';
import { readVerifiedInventory } from './audit-inventory';
import { InventoryError } from './errors';
import { auditStatusOf, bucketKeyStatusOf, encryptionModeOfStatus, type AuditStatus } from './inventory-status';
import { dataAccessFor, locateReport } from './run-audit';

export interface InventoryEntry {
  status: AuditStatus;
  bucketKeyEnabled?: boolean;
  etag?: string;
  size: number;
}

export interface InventoryStatuses {
  manifest: string;
  inventoryDate?: string;
  /** Current versions under the prefix, by key. */
  entries: Map<string, InventoryEntry>;
}

const bareEtag = (etag: string | undefined): string | undefined => etag?.replace(/^"|"$/g, '');

/** The report's statuses for current objects under `prefix`; undefined when the bucket has no report. */
export async function loadInventoryStatuses(
  pool: ClientPool,
  bucket: string,
  prefix: string,
  opts: LookupOptions & { onWarning?: (message: string) => void } = {},
): Promise<InventoryStatuses | undefined> {
  try {
    return await readStatuses(pool, bucket, prefix, opts);
  } catch (err) {
    // A listing never fails for want of an inventory: without one named, fall back to HeadObject.
    if (opts.manifest) throw err;
    if (!(err instanceof InventoryError && err.code === 'InventoryNotFound'))
      opts.onWarning?.(`The inventory was not used: ${(err as Error).message}`);
    return undefined;
  }
}

export interface LookupOptions {
  manifest?: string;
  signal?: AbortSignal;
  /** Only the objects directly under the prefix (what one tree folder shows), not those in its subfolders. */
  directOnly?: boolean;
}

async function readStatuses(
  pool: ClientPool,
  bucket: string,
  prefix: string,
  opts: LookupOptions,
): Promise<InventoryStatuses> {
  const { loaded } = await locateReport(pool, bucket, opts.manifest);
  const entries = new Map<string, InventoryEntry>();
  await readVerifiedInventory(
    loaded.manifest,
    dataAccessFor(pool, loaded),
    {
      signal: opts.signal,
      fields: ['key', 'isLatest', 'isDeleteMarker', 'size', 'encryptionStatus', 'bucketKeyStatus', 'etag'],
    },
    () => {
      const mine = new Map<string, InventoryEntry>();
      return {
        sink: mine,
        onRow: (row) => {
          if (row.isDeleteMarker || row.isLatest === false || !row.key.startsWith(prefix)) return;
          if (opts.directOnly && row.key.indexOf('/', prefix.length) >= 0) return;
          const bk = bucketKeyStatusOf(row.bucketKeyStatus);
          mine.set(row.key, {
            status: auditStatusOf(row.encryptionStatus),
            bucketKeyEnabled: bk === 'unknown' ? undefined : bk === 'ENABLED',
            etag: bareEtag(row.etag),
            size: row.size,
          });
        },
      };
    },
    (mine) => {
      for (const [k, v] of mine) entries.set(k, v);
    },
  );
  return { manifest: loaded.location, inventoryDate: loaded.inventoryDate, entries };
}

/** The encryption a listed object has according to the report, or undefined when it must be headed. */
export function encryptionFromInventory(
  entry: InventoryEntry | undefined,
  listed: { etag?: string; size: number },
): ObjectEncryption | undefined {
  if (!entry || entry.status === 'unknown') return undefined;
  if (entry.size !== listed.size) return undefined;
  const etag = bareEtag(listed.etag);
  if (entry.etag && etag && entry.etag !== etag) return undefined;
  const mode = encryptionModeOfStatus(entry.status);
  return mode === 'SSE-KMS' ? { mode, bucketKeyEnabled: entry.bucketKeyEnabled } : { mode };
}
