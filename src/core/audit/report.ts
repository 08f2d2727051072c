// The audit report: the JSON object of the CLI contract (`s3enc audit --json`) plus a few extras (storage
// classes, delete markers, the KMS key sample). Status names are S3 Inventory's own; "unknown" counts objects
// whose status the inventory did not include.
import { INVENTORY_STATUSES, type AuditStatus } from './inventory-status';
import type { KmsKeyDistribution } from './kms-sample';
import { STATUS_ORDER, type AuditTally, type Counts, type StatusCounts } from './tally';

export type ByEncryption = Partial<Record<AuditStatus, Counts>>;

export interface PrefixReport extends Counts {
  prefix: string;
  byEncryption: ByEncryption;
}

export interface AuditReport {
  bucket: string;
  source: 'inventory' | 'scan';
  manifest: string | null;
  inventoryDate: string | null;
  objects: number;
  bytes: number;
  byEncryption: ByEncryption;
  bucketKey: Record<string, number>;
  prefixes: PrefixReport[];
  /** Extras beyond the contract. */
  prefixDepth: number;
  currentOnly: boolean;
  rows: number;
  deleteMarkers: number;
  storageClasses: ({ storageClass: string } & Counts)[];
  /** Inventory fields the audit needs that this report lacks (their objects count as "unknown"). */
  missingFields: string[];
  prefixesTruncated: boolean;
  kmsKeys?: KmsKeyDistribution;
  /** Scan only: counts per explorer mode (client-side envelopes are visible to HeadObject, not to inventories). */
  byMode?: Record<string, Counts>;
}

/** The five named statuses always; "unknown" only when some object has it. */
export function byEncryptionOf(counts: StatusCounts): ByEncryption {
  const out: ByEncryption = {};
  for (const s of INVENTORY_STATUSES) out[s] = counts.get(s);
  const unknown = counts.get('unknown');
  if (unknown.objects > 0) out.unknown = unknown;
  return out;
}

export interface ReportContext {
  bucket: string;
  source: 'inventory' | 'scan';
  manifest?: string;
  inventoryDate?: string;
  missingFields?: string[];
  kmsKeys?: KmsKeyDistribution;
  byMode?: Record<string, Counts>;
}

export function buildAuditReport(tally: AuditTally, ctx: ReportContext): AuditReport {
  const totals = tally.byStatus.total();
  const bucketKey: Record<string, number> = {
    ENABLED: tally.bucketKey.get('ENABLED') ?? 0,
    DISABLED: tally.bucketKey.get('DISABLED') ?? 0,
  };
  const unknownBk = tally.bucketKey.get('unknown') ?? 0;
  if (unknownBk > 0) bucketKey.unknown = unknownBk;
  return {
    bucket: ctx.bucket,
    source: ctx.source,
    manifest: ctx.manifest ?? null,
    inventoryDate: ctx.inventoryDate ?? null,
    objects: totals.objects,
    bytes: totals.bytes,
    byEncryption: byEncryptionOf(tally.byStatus),
    bucketKey,
    prefixes: [...tally.prefixes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([prefix, counts]) => ({ prefix, ...counts.total(), byEncryption: byEncryptionOf(counts) })),
    prefixDepth: tally.options.prefixDepth,
    currentOnly: tally.options.currentOnly,
    rows: tally.rows,
    deleteMarkers: tally.deleteMarkers,
    storageClasses: [...tally.byStorageClass.entries()]
      .sort((a, b) => b[1].objects - a[1].objects)
      .map(([storageClass, c]) => ({ storageClass, ...c })),
    missingFields: ctx.missingFields ?? [],
    prefixesTruncated: tally.prefixesTruncated,
    kmsKeys: ctx.kmsKeys,
    byMode: ctx.byMode,
  };
}

export { STATUS_ORDER };
