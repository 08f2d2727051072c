// s3-missing-sse: an upload whose parameters are fully visible and choose no server-side encryption.
import { insertParams, KMS_KEY_PLACEHOLDER } from '../fixes/params';
import { sseAlgorithmOf } from '../sse-values';
import type { Fix, OperationFact } from '../types';
import type { Rule } from './rule';

const UPLOADS = new Set<OperationFact['op']>(['PutObject', 'CreateMultipartUpload', 'CopyObject', 'Upload']);

export const missingSse: Rule = {
  meta: {
    id: 's3-missing-sse',
    description: 'An upload sets no SSE or SSE-C, so it relies on the bucket default (SSE-S3 since January 2023).',
    defaultSeverity: 'info',
    fixable: true,
  },
  check(ctx) {
    const requireKms = ctx.options.requireSseKms;
    for (const op of ctx.facts.operations) {
      if (!UPLOADS.has(op.op) || !op.params.complete) continue;
      const props = op.params.props;
      // SSE-C chooses encryption; KMS parameters without SSE (a Bucket Key asked for included) are
      // s3-kms-key-without-kms's finding, so one line gets one finding with the fix that settles both.
      if (
        props.some(
          (p) =>
            p.name === 'sseCKey' ||
            p.name === 'sseCAlgorithm' ||
            p.name === 'kmsKeyId' ||
            p.name === 'kmsContext' ||
            (p.name === 'bucketKey' && p.value.bool !== false),
        )
      )
        continue;
      const sse = props.find((p) => p.name === 'sse');
      if (sse) {
        if (!requireKms) continue;
        if (sseAlgorithmOf(sse.value) !== 'AES256') continue;
      }
      const fixes: Fix[] = [];
      const point = op.params.insert;
      if (point && !sse) {
        fixes.push({
          title: "Add ServerSideEncryption 'aws:kms' with a key id",
          edits: [
            insertParams(point, [
              ['sse', 'aws:kms'],
              ['kmsKeyId', KMS_KEY_PLACEHOLDER],
            ]),
          ],
        });
        if (!requireKms)
          fixes.unshift({
            title: "Add ServerSideEncryption 'AES256'",
            edits: [insertParams(point, [['sse', 'AES256']])],
          });
      }
      ctx.report({
        range: op.range,
        severity: requireKms ? 'warning' : undefined,
        message: sse
          ? `${op.op} uses SSE-S3, but the workspace requires SSE-KMS.`
          : `${op.op} sets no server-side encryption; it relies on the bucket default. State the encryption explicitly${requireKms ? ' (SSE-KMS required)' : ''}.`,
        fixes,
      });
    }
  },
};
