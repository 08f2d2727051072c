// URL classification for the transport rules: which http:// strings are S3 traffic and which are harmless.

/** Host names of local S3 emulators; configurable because teams name their containers differently. */
export const DEFAULT_EMULATOR_HOSTS = ['minio', 'localstack', 's3mock'];

export interface HttpUrl {
  host: string;
  /** Offset of `http://` inside the string value. */
  schemeOffset: number;
}

export function parseHttpUrl(value: string): HttpUrl | undefined {
  const m = /^\s*http:\/\/(\[[^\]]*\]|[^/:?#\s]*)/i.exec(value);
  if (!m) return undefined;
  return { host: (m[1] ?? '').toLowerCase(), schemeOffset: value.toLowerCase().indexOf('http://') };
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === 'host.docker.internal') return true;
  // LocalStack's documented endpoint names: public DNS records that resolve to 127.0.0.1.
  if (h === 'localhost.localstack.cloud' || h.endsWith('.localhost.localstack.cloud')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function isEmulatorHost(host: string, emulatorHosts: readonly string[]): boolean {
  const first = host.split('.')[0] ?? host;
  return emulatorHosts.some((e) => host === e || first === e);
}

/** S3 URLs we recognise even outside an endpoint setting: virtual-hosted, path-style and dual-stack forms. */
export function isS3Host(host: string): boolean {
  return /(^|\.)s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(host) || /(^|\.)s3\.dualstack\./.test(host);
}

/** Website endpoints are HTTP-only by design; namespace and grantee URIs are identifiers, not connections. */
export function isHttpByDesign(value: string, host: string): boolean {
  if (/s3-website[.-]/.test(host)) return true;
  const lower = value.toLowerCase();
  return lower.startsWith('http://s3.amazonaws.com/doc/') || lower.startsWith('http://acs.amazonaws.com/groups/');
}
