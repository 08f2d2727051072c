// Inventory configurations the audit proposes: a new one with the fields an encryption audit needs (for a
// bucket audited with --scan), or an ORC one switched to Parquet. Each change is shown as a diff before any
// PutBucketInventoryConfiguration is sent.
import { PutBucketInventoryConfigurationCommand, type InventoryConfiguration, type S3Client } from '@aws-sdk/client-s3';
import { withFault } from '../s3/faults';

export const AUDIT_INVENTORY_ID = 's3enc-encryption-audit';
export const AUDIT_INVENTORY_FIELDS = [
  'Size',
  'LastModifiedDate',
  'StorageClass',
  'ETag',
  'EncryptionStatus',
  'BucketKeyStatus',
] as const;

export function proposeAuditInventory(
  destination: { bucket: string; prefix?: string },
  id = AUDIT_INVENTORY_ID,
): InventoryConfiguration {
  return {
    Id: id,
    IsEnabled: true,
    IncludedObjectVersions: 'All',
    Schedule: { Frequency: 'Daily' },
    OptionalFields: [...AUDIT_INVENTORY_FIELDS],
    Destination: {
      S3BucketDestination: {
        Bucket: `arn:aws:s3:::${destination.bucket}`,
        Format: 'Parquet',
        ...(destination.prefix ? { Prefix: destination.prefix.replace(/\/+$/, '') } : {}),
      },
    },
  };
}

/** The same configuration writing Parquet, with the audit's fields added when missing. */
export function switchedToParquet(config: InventoryConfiguration): InventoryConfiguration {
  const fields = new Set<string>(config.OptionalFields ?? []);
  for (const f of AUDIT_INVENTORY_FIELDS) fields.add(f);
  return {
    ...config,
    OptionalFields: [...fields] as InventoryConfiguration['OptionalFields'],
    Destination: {
      S3BucketDestination: { ...config.Destination?.S3BucketDestination, Format: 'Parquet' } as NonNullable<
        InventoryConfiguration['Destination']
      >['S3BucketDestination'],
    },
  };
}

/** A unified-style line diff of two configurations as pretty JSON (`-` removed, `+` added, ` ` kept). */
export function diffConfigurations(before: InventoryConfiguration | undefined, after: InventoryConfiguration): string {
  const a = before ? JSON.stringify(before, null, 2).split('\n') : [];
  const b = JSON.stringify(after, null, 2).split('\n');
  // Longest common subsequence over lines: configurations are a few dozen lines.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out.join('\n');
}

export async function putInventoryConfiguration(
  client: S3Client,
  bucket: string,
  config: InventoryConfiguration,
  hints: { profile?: string; endpoint?: string } = {},
): Promise<void> {
  await withFault({ operation: 'PutBucketInventoryConfiguration', bucket, ...hints }, () =>
    client.send(
      new PutBucketInventoryConfigurationCommand({ Bucket: bucket, Id: config.Id, InventoryConfiguration: config }),
    ),
  );
}
