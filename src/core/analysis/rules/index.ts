// The rule registry: every rule id in types.ts maps to exactly one rule file (checked by a meta-test).
import { bucketNoTlsPolicy } from './bucket-no-tls-policy';
import { hardcodedKey } from './hardcoded-key';
import { httpEndpoint } from './http-endpoint';
import { invalidSseValue } from './invalid-sse-value';
import { kmsKeyWithoutKms } from './kms-key-without-kms';
import { kmsWithoutBucketKey } from './kms-without-bucket-key';
import { legacyClientEncryption } from './legacy-client-encryption';
import { missingSse } from './missing-sse';
import type { Rule } from './rule';
import { sseCOverHttp } from './sse-c-over-http';
import { tlsDisabled } from './tls-disabled';

export const RULES: readonly Rule[] = [
  httpEndpoint,
  tlsDisabled,
  sseCOverHttp,
  hardcodedKey,
  missingSse,
  invalidSseValue,
  kmsKeyWithoutKms,
  legacyClientEncryption,
  bucketNoTlsPolicy,
  kmsWithoutBucketKey,
];
