// One inventory row for a current, unversioned object, as the listing tests write them into a report.
import type { SyntheticRow } from '../../../../tools/inventory/synthetic-rows';

export function currentRow(
  bucket: string,
  key: string,
  etag: string,
  size: number,
  encryptionStatus: string,
  bucketKeyStatus = 'DISABLED',
): SyntheticRow {
  return {
    bucket,
    key,
    versionId: '',
    isLatest: true,
    isDeleteMarker: false,
    size,
    lastModified: Date.now(),
    etag,
    storageClass: 'STANDARD',
    isMultipartUploaded: false,
    replicationStatus: '',
    encryptionStatus,
    bucketKeyStatus,
  };
}
