// s3-kms-without-bucket-key: a bucket's default encryption is SSE-KMS without an S3 Bucket Key, so every object
// upload and download calls KMS (GenerateDataKey / Decrypt) against the region's shared request quota.
import { sseAlgorithmOf } from '../sse-values';
import type { Rule } from './rule';

export const kmsWithoutBucketKey: Rule = {
  meta: {
    id: 's3-kms-without-bucket-key',
    description: 'Default bucket encryption is SSE-KMS without an S3 Bucket Key: every object request calls KMS.',
    defaultSeverity: 'info',
    fixable: true,
  },
  check(ctx) {
    for (const e of ctx.facts.bucketEncryptions) {
      // DSSE-KMS is excluded on purpose: Bucket Keys do not apply to it.
      if (sseAlgorithmOf(e.algorithm) !== 'aws:kms') continue;
      if (e.bucketKey ? e.bucketKey.bool !== false : !e.complete) continue;
      ctx.report({
        range: e.anchor,
        message: `SSE-KMS default encryption without an S3 Bucket Key: each object upload and download calls KMS and counts against the region's shared KMS request quota. Enable the Bucket Key to cut those calls by up to 99%.`,
        fixes: e.fix ? [e.fix] : [],
      });
    }
  },
};
