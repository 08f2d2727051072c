// Go CDK (gocloud.dev) opens S3 buckets from URLs: `blob.OpenBucket(ctx, "s3://b?endpoint=http://...&disableSSL=true")`.
// The query parameters are the S3 client's settings (SDK v1 spelling `disableSSL`, v2 `disable_https`).
import { paramName } from '../params';
import type { ClientFact, Prop, Range, Value } from '../types';

const SETTINGS: Record<string, 'endpoint' | 'disableSsl'> = {
  endpoint: 'endpoint',
  disableSSL: 'disableSsl',
  disable_https: 'disableSsl',
};

/** The settings an `s3://` bucket URL carries, as a client; undefined for other URLs or ones without settings. */
export function bucketUrlSettings(url: Value, text: string): ClientFact | undefined {
  if (!url.str?.startsWith('s3://')) return undefined;
  const query = url.str.indexOf('?');
  if (query < 0) return undefined;
  const literal = url.origin ? text.slice(url.origin.start, url.origin.end) : '';
  const props: Prop[] = [];
  for (const pair of url.str.slice(query + 1).split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const name = SETTINGS[key];
    if (!name) continue;
    let raw = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      raw = decodeURIComponent(raw);
    } catch {
      // a malformed escape stays as written
    }
    // Where the `key=value` text sits inside the literal, so the finding and its fix point at it.
    const at = url.origin ? literal.indexOf(pair) : -1;
    const range: Range =
      at >= 0 ? { start: url.origin!.start + at, end: url.origin!.start + at + pair.length } : url.range;
    const value: Value =
      name === 'endpoint'
        ? { range, str: raw, origin: url.origin }
        : { range, ...(/^(true|false)$/i.test(raw) ? { bool: /^true$/i.test(raw) } : {}) };
    props.push({ name: paramName(name), key, range, value });
  }
  return props.length ? { options: { props, complete: false }, range: url.range } : undefined;
}
