// s3-invalid-sse-value: a ServerSideEncryption value S3 rejects ("AES-256", "aws-kms", ...).
import { correctSseValue, isKms, VALID_SSE_VALUES } from '../sse-values';
import type { Prop } from '../types';
import { replaceLiteralContent, type Rule } from './rule';

export const invalidSseValue: Rule = {
  meta: {
    id: 's3-invalid-sse-value',
    description: 'A ServerSideEncryption value that S3 rejects.',
    defaultSeverity: 'error',
    fixable: true,
  },
  check(ctx) {
    const props: Array<{ p: Prop; kmsParams: boolean }> = [];
    for (const op of ctx.facts.operations) {
      const kmsParams = op.params.props.some((p) => p.name === 'kmsKeyId' || p.name === 'kmsContext');
      for (const p of op.params.props) props.push({ p, kmsParams });
    }
    for (const { p, kmsParams } of props) {
      if (p.name !== 'sse' || p.value.str === undefined || p.value.elsewhere) continue;
      if ((VALID_SSE_VALUES as readonly string[]).includes(p.value.str)) continue;
      const corrected = correctSseValue(p.value.str);
      // `AES-256` next to a KMS key id: SSE-S3 or SSE-KMS was meant, and the spelling cannot tell which.
      const fixed = corrected && kmsParams && !isKms(corrected) ? undefined : corrected;
      const at = p.value.origin ?? p.value.range;
      ctx.report({
        range: at,
        message: `'${p.value.str}' is not a valid ServerSideEncryption value; S3 accepts ${VALID_SSE_VALUES.join(', ')}.`,
        fixes: fixed ? [{ title: `Change to '${fixed}'`, edits: [replaceLiteralContent(ctx.text, at, fixed)] }] : [],
      });
    }
  },
};
