// The IAM role a re-encryption job runs as: its trust policy (Batch Operations may assume it) and the
// permissions its operation needs (S3 User Guide, "Granting permissions for Batch Operations").
import type { BatchOperationKind } from './create-job-request';

export function batchTrustPolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'batchoperations.s3.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
}

export interface PolicyInputs {
  operation: BatchOperationKind;
  bucket: string;
  /** Where the CSV manifest lives (omit for the manifest generator, which lists the bucket). */
  manifestObjectArn?: string;
  reportBucket: string;
  kmsKeyArn?: string;
}

export function batchPermissionPolicy(p: PolicyInputs): object {
  const objects = `arn:aws:s3:::${p.bucket}/*`;
  const statements: object[] = [];
  if (p.operation === 'S3UpdateObjectEncryption') {
    statements.push({
      Sid: 'UpdateEncryption',
      Effect: 'Allow',
      Action: ['s3:UpdateObjectEncryption', 's3:GetObject', 's3:GetObjectVersion'],
      Resource: objects,
    });
  } else {
    statements.push({
      Sid: 'CopyInPlace',
      Effect: 'Allow',
      Action: [
        's3:PutObject',
        's3:PutObjectTagging',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:GetObjectTagging',
        's3:GetObjectAcl',
        's3:PutObjectAcl',
      ],
      Resource: objects,
    });
  }
  statements.push({
    Sid: 'ListSource',
    Effect: 'Allow',
    Action: ['s3:ListBucket', 's3:GetBucketLocation'],
    Resource: `arn:aws:s3:::${p.bucket}`,
  });
  if (p.manifestObjectArn)
    statements.push({
      Sid: 'ReadManifest',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: p.manifestObjectArn,
    });
  statements.push({
    Sid: 'WriteReport',
    Effect: 'Allow',
    Action: ['s3:PutObject', 's3:GetBucketLocation'],
    Resource: [`arn:aws:s3:::${p.reportBucket}`, `arn:aws:s3:::${p.reportBucket}/*`],
  });
  if (p.kmsKeyArn) {
    statements.push({
      Sid: 'UseTargetKey',
      Effect: 'Allow',
      Action:
        p.operation === 'S3UpdateObjectEncryption'
          ? ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*']
          : ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: p.kmsKeyArn,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
