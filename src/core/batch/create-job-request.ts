// The CreateJob request of a Batch Operations re-encryption, built from a plan or from filters (pure).
// - S3UpdateObjectEncryption when every object can take it (SSE-S3/SSE-KMS sources, a full key ARN);
//   otherwise S3PutObjectCopy in place, with NewObjectMetadata.SSEAlgorithm, SSEAwsKmsKeyId and BucketKeyEnabled.
// - The manifest: a CSV written to S3 (located by ARN + ETag), or the manifest generator filtering by
//   current encryption (MatchAnyObjectEncryption) and prefix.
// - ConfirmationRequired: the job waits for the user's go-ahead; a client request token makes retries safe.
import type { CreateJobCommandInput, JobOperation, ObjectEncryptionFilter } from '@aws-sdk/client-s3-control';
import type { EncryptionStatus, ReencryptTarget } from '../reencrypt/target';
import { CSV_MANIFEST_FORMAT, bucketArn, type S3Destination } from './manifest';

export type BatchManifestSource =
  | { kind: 'csv'; objectArn: string; etag: string }
  | { kind: 'generator'; sourceBucket: string; prefix: string; statuses: EncryptionStatus[]; kmsKeyArn?: string };

export type BatchOperationKind = 'S3UpdateObjectEncryption' | 'S3PutObjectCopy';

export interface BatchJobSpec {
  accountId: string;
  roleArn: string;
  bucket: string;
  target: ReencryptTarget;
  operation: BatchOperationKind;
  manifest: BatchManifestSource;
  report: S3Destination;
  clientRequestToken: string;
  /** One storage class for every copy (Batch copies do not keep each object's own class). */
  storageClass?: string;
  priority?: number;
  description?: string;
}

export function jobOperation(
  spec: Pick<BatchJobSpec, 'operation' | 'target' | 'bucket' | 'storageClass'>,
): JobOperation {
  const t = spec.target;
  if (spec.operation === 'S3UpdateObjectEncryption') {
    if (t.mode !== 'SSE-KMS' || !t.keyId)
      throw new Error('S3UpdateObjectEncryption needs an SSE-KMS target with a key ARN');
    return {
      S3UpdateObjectEncryption: {
        ObjectEncryption: { SSEKMS: { KMSKeyArn: t.keyId, BucketKeyEnabled: t.bucketKey ?? false } },
      },
    };
  }
  return {
    S3PutObjectCopy: {
      TargetResource: bucketArn(spec.bucket),
      MetadataDirective: 'COPY',
      NewObjectMetadata: { SSEAlgorithm: t.mode === 'SSE-KMS' ? 'KMS' : 'AES256' },
      ...(t.mode === 'SSE-KMS' && t.keyId ? { SSEAwsKmsKeyId: t.keyId } : {}),
      ...(t.mode === 'SSE-KMS' ? { BucketKeyEnabled: t.bucketKey ?? false } : {}),
      ...(spec.storageClass ? { StorageClass: spec.storageClass as 'STANDARD' } : {}),
    },
  };
}

export function encryptionFilters(statuses: EncryptionStatus[], kmsKeyArn?: string): ObjectEncryptionFilter[] {
  return statuses.map((s): ObjectEncryptionFilter => {
    switch (s) {
      case 'NOT-SSE':
        return { NOTSSE: {} };
      case 'SSE-S3':
        return { SSES3: {} };
      case 'SSE-KMS':
        return { SSEKMS: kmsKeyArn ? { KmsKeyArn: kmsKeyArn } : {} };
      case 'DSSE-KMS':
        return { DSSEKMS: kmsKeyArn ? { KmsKeyArn: kmsKeyArn } : {} };
      case 'SSE-C':
        return { SSEC: {} };
    }
  });
}

export function buildCreateJobRequest(spec: BatchJobSpec): CreateJobCommandInput {
  const request: CreateJobCommandInput = {
    AccountId: spec.accountId,
    ConfirmationRequired: true,
    Operation: jobOperation(spec),
    Report: {
      Bucket: bucketArn(spec.report.bucket),
      Format: 'Report_CSV_20180820',
      Enabled: true,
      ...(spec.report.prefix ? { Prefix: spec.report.prefix } : {}),
      ReportScope: 'AllTasks',
    },
    ClientRequestToken: spec.clientRequestToken,
    Priority: spec.priority ?? 10,
    RoleArn: spec.roleArn,
    Description: spec.description ?? `s3enc re-encrypt s3://${spec.bucket} to ${spec.target.mode}`,
  };
  if (spec.manifest.kind === 'csv') {
    request.Manifest = {
      Spec: { Format: CSV_MANIFEST_FORMAT, Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: spec.manifest.objectArn, ETag: spec.manifest.etag },
    };
  } else {
    const m = spec.manifest;
    request.ManifestGenerator = {
      S3JobManifestGenerator: {
        SourceBucket: bucketArn(m.sourceBucket),
        EnableManifestOutput: false,
        Filter: {
          ...(m.statuses.length ? { MatchAnyObjectEncryption: encryptionFilters(m.statuses, m.kmsKeyArn) } : {}),
          ...(m.prefix ? { KeyNameConstraint: { MatchAnyPrefix: [m.prefix] } } : {}),
        },
      },
    };
  }
  return request;
}
