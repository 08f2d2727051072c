// Maps each language's spelling of an S3 parameter to one canonical name, so rules are written once.
import type { ParamName } from './types';

const ALIASES: Record<string, ParamName> = {
  serversideencryption: 'sse',
  sse: 'sse',
  ssealgorithm: 'sse',
  ssekmskeyid: 'kmsKeyId',
  kmsmasterkeyid: 'kmsKeyId',
  ssekmsencryptioncontext: 'kmsContext',
  bucketkeyenabled: 'bucketKey',
  ssecustomeralgorithm: 'sseCAlgorithm',
  ssec: 'sseCAlgorithm',
  ssecustomerkey: 'sseCKey',
  ssecustomerkeymd5: 'other',
  copysourcessecustomerkey: 'copySseCKey',
  endpoint: 'endpoint',
  endpointurl: 'endpoint',
  baseendpoint: 'endpoint',
  endpointoverride: 'endpoint',
  sslenabled: 'sslEnabled',
  tls: 'tls',
  usessl: 'useSsl',
  verify: 'verify',
  disablessl: 'disableSsl',
  disablehttps: 'disableSsl',
  insecure: 'insecure',
  insecureskipverify: 'insecure',
  sslverifypeer: 'verify',
  rejectunauthorized: 'verify',
  noverifyssl: 'noVerifySsl',
  enforcessl: 'enforceSsl',
};

/** Request headers used as option keys (fog attributes, raw header maps): `x-amz-server-side-encryption-aws-kms-key-id`. */
const HEADER_ALIASES: Record<string, ParamName> = {
  serversideencryption: 'sse',
  serversideencryptionawskmskeyid: 'kmsKeyId',
  serversideencryptioncontext: 'kmsContext',
  serversideencryptionbucketkeyenabled: 'bucketKey',
  serversideencryptioncustomeralgorithm: 'sseCAlgorithm',
  serversideencryptioncustomerkey: 'sseCKey',
};

/** `SSECustomerKey`, `sse_customer_key`, `sseCustomerKey`, `--sse-c-key` all normalise to the same key. */
export function normaliseKey(key: string): string {
  return key
    .replace(/^-+/, '')
    .replace(/[-_\s'"]/g, '')
    .toLowerCase();
}

/** Every front end asks for the same few keys over and over: remembered (bounded: keys come from the input). */
const PARAM_NAMES = new Map<string, ParamName>();

export function paramName(key: string): ParamName {
  let name = PARAM_NAMES.get(key);
  if (name) return name;
  const k = normaliseKey(key);
  name = k === 'ssekey' ? 'sseCKey' : (ALIASES[k] ?? HEADER_ALIASES[k.replace(/^xamz/, '')] ?? 'other');
  if (PARAM_NAMES.size >= 4096) PARAM_NAMES.clear();
  PARAM_NAMES.set(key, name);
  return name;
}

/** CLI flags have their own names for the same parameters. */
export function cliFlagParam(flag: string): ParamName {
  switch (flag) {
    case '--sse':
    case '--server-side-encryption':
      return 'sse';
    case '--sse-kms-key-id':
    case '--ssekms-key-id':
      return 'kmsKeyId';
    case '--sse-kms-encryption-context':
    case '--ssekms-encryption-context':
      return 'kmsContext';
    case '--bucket-key-enabled':
      return 'bucketKey';
    case '--sse-c':
    case '--sse-customer-algorithm':
      return 'sseCAlgorithm';
    case '--sse-c-key':
    case '--sse-customer-key':
      return 'sseCKey';
    case '--sse-c-copy-source-key':
    case '--copy-source-sse-customer-key':
      return 'copySseCKey';
    case '--endpoint-url':
      return 'endpoint';
    case '--no-verify-ssl':
      return 'noVerifySsl';
    default:
      return 'other';
  }
}
