// s3-kms-key-without-kms: KMS-only parameters while ServerSideEncryption is not a KMS value (mode table).
import { insertParams } from '../fixes/params';
import { orList, SSE_HEADER_VALUES } from '../../encryption/modes';
import { isKms, sseAlgorithmOf } from '../sse-values';
import type { Fix } from '../types';
import { replaceLiteralContent, type Rule } from './rule';

const KMS_VALUES = orList(SSE_HEADER_VALUES.filter(isKms));

export const kmsKeyWithoutKms: Rule = {
  meta: {
    id: 's3-kms-key-without-kms',
    description:
      'SSEKMSKeyId, SSEKMSEncryptionContext or BucketKeyEnabled is set while ServerSideEncryption is not aws:kms.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(ctx) {
    for (const op of ctx.facts.operations) {
      const kmsProp = op.params.props.find(
        (p) => p.name === 'kmsKeyId' || p.name === 'kmsContext' || p.name === 'bucketKey',
      );
      if (!kmsProp) continue;
      if (kmsProp.name === 'bucketKey' && kmsProp.value.bool === false) continue;
      const sse = op.params.props.find((p) => p.name === 'sse');
      const fixes: Fix[] = [];
      if (sse) {
        const alg = sseAlgorithmOf(sse.value);
        if (alg === undefined || alg === 'invalid' || isKms(alg)) continue; // unknown, or another rule's business
        if (sse.value.str !== undefined) {
          fixes.push({
            title: "Set ServerSideEncryption to 'aws:kms'",
            edits: [replaceLiteralContent(ctx.text, sse.value.origin ?? sse.value.range, 'aws:kms')],
          });
        }
      } else {
        if (!op.params.complete) continue;
        if (op.params.insert)
          fixes.push({
            title: "Add ServerSideEncryption 'aws:kms'",
            edits: [insertParams(op.params.insert, [['sse', 'aws:kms']])],
          });
      }
      ctx.report({
        range: kmsProp.range,
        message: `'${kmsProp.key}' only applies with ServerSideEncryption ${KMS_VALUES}; here it is ${sse ? `'${sse.value.str ?? sse.value.enumName}'` : 'not set'}, so S3 rejects the request or ignores the key.`,
        fixes,
      });
    }
  },
};
