// S3 Inventory's own encryption status names, and how the explorer's per-object modes map onto them.
// The inventory reports the server-side status only: a client-side encrypted object is reported by the
// server-side encryption S3 applied on top (usually SSE-S3, or NOT-SSE on old objects).
import type { EncryptionMode, ObjectEncryption } from '../s3/object-encryption';

export const INVENTORY_STATUSES = ['SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'NOT-SSE'] as const;
export type InventoryStatus = (typeof INVENTORY_STATUSES)[number];
/** A row whose inventory lacks the field, or a value S3 may add later, counts as "unknown". */
export type AuditStatus = InventoryStatus | 'unknown';

export const BUCKET_KEY_STATUSES = ['ENABLED', 'DISABLED'] as const;
export type BucketKeyStatus = (typeof BUCKET_KEY_STATUSES)[number] | 'unknown';

const KNOWN = new Set<string>(INVENTORY_STATUSES);

export function auditStatusOf(value: string | undefined): AuditStatus {
  return value !== undefined && KNOWN.has(value) ? (value as InventoryStatus) : 'unknown';
}

export function bucketKeyStatusOf(value: string | undefined): BucketKeyStatus {
  return value === 'ENABLED' || value === 'DISABLED' ? value : 'unknown';
}

/** The status S3 Inventory would report for an object the explorer classified from HeadObject. */
export function inventoryStatusOfEncryption(enc: ObjectEncryption): AuditStatus {
  switch (enc.mode) {
    case 'none':
      return 'NOT-SSE';
    case 'SSE-S3':
    case 'SSE-KMS':
    case 'DSSE-KMS':
    case 'SSE-C':
      return enc.mode;
    case 'CSE-V1':
    case 'CSE-V2':
    case 'CSE-V3':
      return enc.serverSide ?? 'NOT-SSE';
    default:
      return 'unknown';
  }
}

/** The explorer mode shown for an inventory status (the inventory cannot see client-side envelopes). */
export function encryptionModeOfStatus(status: AuditStatus): EncryptionMode {
  return status === 'NOT-SSE' ? 'none' : status;
}
