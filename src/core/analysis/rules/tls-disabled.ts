// s3-tls-disabled: TLS or certificate verification switched off on an AWS/S3 client.
import type { Fix, Prop } from '../types';
import type { Rule, RuleContext } from './rule';

/** Settings that disable TLS when they have this boolean value. */
const DISABLING: Partial<Record<Prop['name'], boolean>> = {
  sslEnabled: false,
  tls: false,
  useSsl: false,
  verify: false,
  disableSsl: true,
  insecure: true,
};

function flipFix(ctx: RuleContext, p: Prop): Fix[] {
  if (p.name === 'noVerifySsl') {
    // Remove the flag together with the space before it.
    const start = /\s/.test(ctx.text[p.range.start - 1] ?? '') ? p.range.start - 1 : p.range.start;
    return [{ title: `Remove ${p.key}`, edits: [{ start, end: p.range.end, newText: '' }] }];
  }
  const raw = ctx.text.slice(p.value.range.start, p.value.range.end);
  // The boolean literal inside the value (`false`, `False`, `aws.Bool(true)`), in the language's own spelling.
  const opposite: Record<string, string> = { true: 'false', false: 'true', True: 'False', False: 'True' };
  const flipped = raw.replace(/\b(true|false|True|False)\b/, (m) => opposite[m]);
  if (flipped === raw) return [];
  return [
    {
      title: `Set ${p.key} to ${flipped}`,
      edits: [{ start: p.value.range.start, end: p.value.range.end, newText: flipped }],
    },
  ];
}

export const tlsDisabled: Rule = {
  meta: {
    id: 's3-tls-disabled',
    description: 'TLS or certificate verification is switched off on an AWS/S3 client.',
    defaultSeverity: 'error',
    fixable: true,
  },
  check(ctx) {
    const props: Prop[] = [];
    for (const c of ctx.facts.clients) if (!c.imported && !c.generic) props.push(...c.options.props);
    for (const o of ctx.facts.operations) props.push(...(o.inlineClient?.options.props ?? []));
    const seen = new Set<string>();
    for (const p of props) {
      // A setting shared by two client facts (a config and the client built inline from it) is one finding.
      const at = `${p.range.start}:${p.range.end}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const disabling =
        p.name === 'noVerifySsl' || (DISABLING[p.name] !== undefined && p.value.bool === DISABLING[p.name]);
      if (!disabling) continue;
      ctx.report({
        range: p.range,
        message: `'${p.key}' turns off TLS or certificate checks for AWS traffic; anyone on the network path can read or alter it.`,
        fixes: flipFix(ctx, p),
      });
    }
    for (const r of ctx.facts.refs) {
      if (r.name === 'DISABLE_CERT_CHECKING' && r.arg?.str !== 'false') {
        ctx.report({
          range: r.range,
          message:
            'The AWS SDK for Java property disableCertChecking turns off certificate checks for every client in the process.',
        });
      } else if (/TRUST_ALL_CERTIFICATES$/.test(r.name) && r.arg?.bool !== false) {
        ctx.report({
          range: r.range,
          message: 'TRUST_ALL_CERTIFICATES disables certificate verification for the S3 client.',
        });
      } else if (/^Protocol\.HTTP$/.test(r.name)) {
        ctx.report({
          range: r.range,
          message: 'The client is configured for Protocol.HTTP: requests to S3 go unencrypted.',
          fixes: [{ title: 'Use Protocol.HTTPS', edits: [{ start: r.range.end, end: r.range.end, newText: 'S' }] }],
        });
      }
    }
  },
};
