// s3-http-endpoint: plain-HTTP S3 endpoints and S3 URLs to hosts that are not loopback or a local emulator.
import { isEmulatorHost, isHttpByDesign, isLoopbackHost, isS3Host, parseHttpUrl } from '../urls';
import type { Range, Value } from '../types';
import type { Rule, RuleContext } from './rule';

function httpsFix(ctx: RuleContext, origin: Range) {
  const i = ctx.text.slice(origin.start, origin.end).toLowerCase().indexOf('http://');
  if (i < 0) return [];
  const at = origin.start + i;
  return [{ title: 'Use https://', edits: [{ start: at, end: at + 'http://'.length, newText: 'https://' }] }];
}

export const httpEndpoint: Rule = {
  meta: {
    id: 's3-http-endpoint',
    description: 'An S3 client, endpoint or S3 URL uses plain http:// to a host that is not loopback.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(ctx) {
    const seen = new Set<number>();
    const consider = (value: string, at: Range, origin: Range | undefined, isEndpoint: boolean) => {
      const url = parseHttpUrl(value);
      if (!url || isLoopbackHost(url.host) || isEmulatorHost(url.host, ctx.options.emulatorHosts)) return;
      if (isHttpByDesign(value.trim(), url.host)) return;
      if (!isEndpoint && !isS3Host(url.host)) return;
      // On the literal that holds `http://` (a constant's declaration); a scheme pieced together from parts
      // (`${protocol}://${host}`) is reported where the endpoint is set.
      const target = origin && /http:\/\//i.test(ctx.text.slice(origin.start, origin.end)) ? origin : at;
      if (seen.has(target.start)) return;
      seen.add(target.start);
      ctx.report({
        range: target,
        message: `S3 traffic to ${url.host || 'this host'} uses plain HTTP: data and credentials-derived headers travel unencrypted. Use https://.`,
        fixes: httpsFix(ctx, target),
      });
    };
    const endpointValues: Value[] = [];
    for (const c of ctx.facts.clients)
      if (!c.imported && !c.generic)
        for (const p of c.options.props) if (p.name === 'endpoint') endpointValues.push(p.value);
    for (const o of ctx.facts.operations) {
      for (const p of o.inlineClient?.options.props ?? []) if (p.name === 'endpoint') endpointValues.push(p.value);
    }
    for (const v of endpointValues) if (v.str !== undefined && !v.elsewhere) consider(v.str, v.range, v.origin, true);
    for (const s of ctx.facts.strings) consider(s.value, s.range, s.range, false);
  },
};
