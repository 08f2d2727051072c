// S3 Inventory's own encryption status names, and how they relate to the modes of the one mode table
// (core/encryption/modes). The inventory reports the server-side status only: S3 names its server-side modes
// exactly as the table does, "NOT-SSE" is the table's "none", and a client-side encrypted object is reported by
// the server-side encryption S3 applied on top (usually SSE-S3, or NOT-SSE on old objects).
import {
  MODES,
  SERVER_SIDE_MODES,
  isEncryptionMode,
  type EncryptionMode,
  type ServerSideMode,
} from '../encryption/modes';
import type { ObjectEncryption } from '../s3/object-encryption';

export type InventoryStatus = ServerSideMode | 'NOT-SSE';
/** A row whose inventory lacks the field, or a value S3 may add later, counts as "unknown". */
export type AuditStatus = InventoryStatus | 'unknown';

/** The statuses S3 Inventory writes, in the mode table's order. */
export const INVENTORY_STATUSES: readonly InventoryStatus[] = [...SERVER_SIDE_MODES, 'NOT-SSE'];

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
  switch (MODES[enc.mode].side) {
    case 'none':
      return 'NOT-SSE';
    case 'server':
      return enc.mode as ServerSideMode;
    case 'client':
      return enc.serverSide ?? 'NOT-SSE';
    default:
      return 'unknown';
  }
}

/** The mode-table mode shown for an inventory status (an inventory cannot see client-side envelopes). */
export function encryptionModeOfStatus(status: AuditStatus): EncryptionMode {
  if (status === 'NOT-SSE') return 'none';
  return isEncryptionMode(status) ? status : 'unknown';
}
