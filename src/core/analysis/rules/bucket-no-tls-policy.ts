// s3-bucket-no-tls-policy: an IaC bucket with no policy denying plain HTTP (the policy reader's verdict).
import { SECURE_TRANSPORT_KEY } from '../../encryption/bucket-policy';
import type { Rule } from './rule';

export const bucketNoTlsPolicy: Rule = {
  meta: {
    id: 's3-bucket-no-tls-policy',
    description: 'An infrastructure-as-code bucket has no policy that denies requests without TLS.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(ctx) {
    for (const b of ctx.facts.buckets) {
      if (b.policy !== 'missing') continue;
      ctx.report({
        range: b.range,
        message: `Bucket '${b.name}' has no policy denying ${SECURE_TRANSPORT_KEY} = false, so clients may use plain HTTP.`,
        fixes: b.fix ? [b.fix] : [],
      });
    }
  },
};
