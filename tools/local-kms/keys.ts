// The keys the local KMS knows. All share one master key (the blob format cannot tell keys apart); they
// differ in id, alias and whether callers are denied, which is what the tests need to exercise.
export const KMS_ACCOUNT = '111122223333';
export const KMS_REGION = 'us-east-1';

export interface KmsKey {
  id: string;
  aliases: string[];
  description: string;
  /** Every operation naming this key answers AccessDeniedException (simulates a missing kms:* permission). */
  denied?: boolean;
}

/** The key the shared test vectors were wrapped with. */
export const VECTORS_KEY_ID = '62512ef3-4784-4dc3-b4f9-c1cb1d0619aa';
export const SECOND_KEY_ID = '0f4d8a52-2b39-4c55-9d0e-7a1c5e3b9f21';
export const DENIED_KEY_ID = 'd3b1e7c4-6a8f-4e2d-b5c9-3f7a0e1d2c84';
export const DENIED_ALIAS = 'alias/s3enc-denied';

export const DEFAULT_KEYS: KmsKey[] = [
  {
    id: VECTORS_KEY_ID,
    aliases: ['alias/s3enc-demo', 'alias/s3enc-test'],
    description: 'S3 Encryption Explorer demo key',
  },
  { id: SECOND_KEY_ID, aliases: ['alias/s3enc-second'], description: 'A second key for key-mismatch tests' },
  { id: DENIED_KEY_ID, aliases: [DENIED_ALIAS], description: 'Every call with this key is denied', denied: true },
];

export function keyArn(id: string, region = KMS_REGION): string {
  return `arn:aws:kms:${region}:${KMS_ACCOUNT}:key/${id}`;
}

export function aliasArn(alias: string, region = KMS_REGION): string {
  return `arn:aws:kms:${region}:${KMS_ACCOUNT}:${alias}`;
}

/** Resolves a KeyId the way KMS accepts it: bare id, key ARN, alias name or alias ARN. */
export function resolveKey(keys: KmsKey[], keyId: string): KmsKey | undefined {
  const arn = /^arn:aws[\w-]*:kms:[\w-]+:\d{12}:(key\/.+|alias\/.+)$/.exec(keyId);
  const ref = arn ? arn[1].replace(/^key\//, '') : keyId;
  return keys.find((k) => k.id === ref || k.aliases.includes(ref));
}
