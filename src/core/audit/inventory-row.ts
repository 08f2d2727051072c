// One row of an inventory data file, whatever its format, and where each field sits in the file's columns.
import { InventoryError } from './errors';
import { normalizeColumnName } from './manifest';

export interface InventoryRow {
  key: string;
  versionId?: string;
  /** Undefined when the report lists current versions only (no IsLatest column): every row is current. */
  isLatest?: boolean;
  isDeleteMarker: boolean;
  size: number;
  storageClass?: string;
  /** Undefined when the report lacks the field. */
  encryptionStatus?: string;
  bucketKeyStatus?: string;
  etag?: string;
  lastModified?: string;
}

/** Position of each field the audit reads; -1 when the report does not have it. */
export interface ColumnPositions {
  key: number;
  versionId: number;
  isLatest: number;
  isDeleteMarker: number;
  size: number;
  storageClass: number;
  encryptionStatus: number;
  bucketKeyStatus: number;
  etag: number;
  lastModified: number;
}

const FIELD_NAMES: Record<keyof ColumnPositions, string> = {
  key: 'key',
  versionId: 'versionid',
  isLatest: 'islatest',
  isDeleteMarker: 'isdeletemarker',
  size: 'size',
  storageClass: 'storageclass',
  encryptionStatus: 'encryptionstatus',
  bucketKeyStatus: 'bucketkeystatus',
  etag: 'etag',
  lastModified: 'lastmodifieddate',
};

export function columnPositions(columns: string[], origin: string): ColumnPositions {
  const normalized = columns.map(normalizeColumnName);
  const out = {} as ColumnPositions;
  for (const [field, name] of Object.entries(FIELD_NAMES) as [keyof ColumnPositions, string][])
    out[field] = normalized.indexOf(name);
  if (out.key < 0)
    throw new InventoryError(
      'InventoryManifestInvalid',
      `${origin}: the report has no Key column (columns: ${columns.join(', ')}).`,
    );
  return out;
}

/** The fields the audit needs from the inventory; a report without them still counts, as "unknown". */
export const AUDIT_OPTIONAL_FIELDS = [
  'Size',
  'StorageClass',
  'EncryptionStatus',
  'BucketKeyStatus',
  'ETag',
  'LastModifiedDate',
] as const;
