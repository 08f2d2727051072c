// s3-hardcoded-key: SSE-C keys or client-side master keys written literally in source.
import { looksLikeKeyMaterial } from '../entropy';
import type { Value } from '../types';
import type { Rule } from './rule';

export const hardcodedKey: Rule = {
  meta: {
    id: 's3-hardcoded-key',
    description: 'An SSE-C key or client-side encryption master key is written literally in source.',
    defaultSeverity: 'error',
    fixable: false,
  },
  check(ctx) {
    const sinks: Value[] = [...ctx.facts.keySinks];
    for (const op of ctx.facts.operations) {
      for (const p of op.params.props) if (p.name === 'sseCKey' || p.name === 'copySseCKey') sinks.push(p.value);
    }
    const seen = new Set<number>();
    for (const v of sinks) {
      if (v.external || v.elsewhere || v.str === undefined || !looksLikeKeyMaterial(v.str)) continue;
      const at = v.origin ?? v.range;
      if (seen.has(at.start)) continue;
      seen.add(at.start);
      ctx.report({
        range: at,
        message:
          'Encryption key written in source: anyone with the code can decrypt the data. Load it from a secret manager, the environment or a key file.',
      });
    }
  },
};
