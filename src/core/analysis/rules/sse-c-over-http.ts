// s3-sse-c-over-http: SSE-C parameters sent through a client whose endpoint is http:// (loopback included) or
// whose TLS is switched off (sslEnabled: false, use_ssl=False, DisableSSL, ...).
import type { Fix } from '../types';
import { parseHttpUrl } from '../urls';
import { operationTransport, type InsecureTransport } from './client-resolution';
import type { Rule } from './rule';

const OPPOSITE: Record<string, string> = { true: 'false', false: 'true', True: 'False', False: 'True' };

/** One fix for every insecure setting of the client: http:// -> https://, and each TLS switch flipped back on. */
function httpsFix(text: string, transport: InsecureTransport): Fix | undefined {
  const edits: Fix['edits'] = [];
  for (const { prop, kind } of transport.all) {
    if (kind === 'http') {
      const origin = prop.value.origin ?? prop.value.range;
      const i = text.slice(origin.start, origin.end).toLowerCase().indexOf('http://');
      if (i < 0) return undefined;
      edits.push({ start: origin.start + i, end: origin.start + i + 7, newText: 'https://' });
    } else {
      const raw = text.slice(prop.value.range.start, prop.value.range.end);
      const flipped = raw.replace(/\b(true|false|True|False)\b/, (m) => OPPOSITE[m]);
      if (flipped === raw) return undefined;
      edits.push({ start: prop.value.range.start, end: prop.value.range.end, newText: flipped });
    }
  }
  const title = transport.all.every((t) => t.kind === 'http')
    ? 'Use an https:// endpoint'
    : 'Use HTTPS for this client';
  return { title, edits };
}

export const sseCOverHttp: Rule = {
  meta: {
    id: 's3-sse-c-over-http',
    description: 'SSE-C parameters are sent through a client whose endpoint is plain http:// or whose TLS is off.',
    defaultSeverity: 'error',
    fixable: true,
  },
  check(ctx) {
    for (const op of ctx.facts.operations) {
      const sseC = op.params.props.find(
        (p) => p.name === 'sseCKey' || p.name === 'sseCAlgorithm' || p.name === 'copySseCKey',
      );
      if (!sseC) continue;
      const transport = operationTransport(ctx.facts, op);
      if (!transport) continue;
      const how =
        transport.kind === 'http'
          ? `endpoint ${parseHttpUrl(transport.prop.value.str ?? '')?.host ?? 'http://'}`
          : `'${transport.prop.key}' turns TLS off`;
      const fix = httpsFix(ctx.text, transport);
      ctx.report({
        range: sseC.range,
        message: `SSE-C key sent over plain HTTP (${how}): S3 rejects the request and the key has been exposed on the wire. Use HTTPS and rotate the key.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
