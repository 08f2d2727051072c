// s3-sse-c-over-http: SSE-C parameters sent through a client whose endpoint is http:// (loopback included).
import { parseHttpUrl } from '../urls';
import type { ClientFact, FileFacts, OperationFact, Prop } from '../types';
import type { Rule } from './rule';

/** The endpoint a client ends up with, following `derivesFrom` links (client <- session <- config). */
function endpointOf(facts: FileFacts, client: ClientFact | undefined, depth = 0): Prop | undefined {
  if (!client || depth > 5) return undefined;
  const own = client.options.props.find((p) => p.name === 'endpoint');
  if (own) return own;
  if (!client.derivesFrom) return undefined;
  return endpointOf(facts, facts.clients.find((c) => c.variable === client.derivesFrom), depth + 1);
}

function clientOf(facts: FileFacts, op: OperationFact): ClientFact | undefined {
  if (op.inlineClient) return op.inlineClient;
  if (!op.receiver) return undefined;
  // The last assignment wins when a name is reused; good enough within one file.
  const matches = facts.clients.filter((c) => c.variable === op.receiver);
  return matches[matches.length - 1];
}

export const sseCOverHttp: Rule = {
  meta: {
    id: 's3-sse-c-over-http',
    description: 'SSE-C parameters are sent through a client whose endpoint is plain http://.',
    defaultSeverity: 'error',
    fixable: true,
  },
  check(ctx) {
    for (const op of ctx.facts.operations) {
      const sseC = op.params.props.find((p) => p.name === 'sseCKey' || p.name === 'sseCAlgorithm' || p.name === 'copySseCKey');
      if (!sseC) continue;
      const endpoint = endpointOf(ctx.facts, clientOf(ctx.facts, op));
      const url = endpoint?.value.str !== undefined ? parseHttpUrl(endpoint.value.str) : undefined;
      if (!endpoint || !url) continue;
      const origin = endpoint.value.origin ?? endpoint.value.range;
      const i = ctx.text.slice(origin.start, origin.end).toLowerCase().indexOf('http://');
      ctx.report({
        range: sseC.range,
        message: `SSE-C key sent over plain HTTP (endpoint ${url.host}): S3 rejects the request and the key has been exposed on the wire. Use an https:// endpoint and rotate the key.`,
        fixes: i < 0 ? [] : [{ title: 'Use an https:// endpoint', edits: [{ start: origin.start + i, end: origin.start + i + 7, newText: 'https://' }] }],
      });
    }
  },
};
