// s3-invalid-sse-value: a ServerSideEncryption value S3 rejects ("AES-256", "aws-kms", ...).
import { correctSseValue, VALID_SSE_VALUES } from '../sse-values';
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
    const props: Prop[] = [];
    for (const op of ctx.facts.operations) props.push(...op.params.props);
    for (const p of props) {
      if (p.name !== 'sse' || p.value.str === undefined || p.value.elsewhere) continue;
      if ((VALID_SSE_VALUES as readonly string[]).includes(p.value.str)) continue;
      const fixed = correctSseValue(p.value.str);
      const at = p.value.origin ?? p.value.range;
      ctx.report({
        range: at,
        message: `'${p.value.str}' is not a valid ServerSideEncryption value; S3 accepts ${VALID_SSE_VALUES.join(', ')}.`,
        fixes: fixed ? [{ title: `Change to '${fixed}'`, edits: [replaceLiteralContent(ctx.text, at, fixed)] }] : [],
      });
    }
  },
};
