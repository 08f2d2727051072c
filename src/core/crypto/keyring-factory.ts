// The one place keyrings and KMS clients are built from what the user picked (CLI key options, a key-store
// entry), so the CLI and the extension read and write the same objects with the same KMS settings.
import { KMSClient } from '@aws-sdk/client-kms';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { isLoopbackEndpoint } from '../loopback';
import { AesKeyring } from './keyrings/aes-keyring';
import { KmsKeyring } from './keyrings/kms-keyring';
import { RsaKeyring } from './keyrings/rsa-keyring';
import type { Keyring } from './types';

export interface KmsClientOptions {
  /** Default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1. */
  region?: string;
  /** A custom or local KMS; AWS's regional endpoint when absent. */
  endpoint?: string;
  /** Default: the SDK's chain (a loopback KMS without any gets placeholder keys: it does not check signatures). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export type CseKeySource =
  | { kind: 'aes'; key: Buffer }
  /** A private key reads and writes; a public key only writes. PEM text or DER bytes. */
  | { kind: 'rsa'; privateKey: string | Buffer }
  | { kind: 'rsa'; publicKey: string | Buffer }
  | ({ kind: 'kms'; keyId: string } & KmsClientOptions);

const KMS_MAX_ATTEMPTS = 3;

export function createKmsClient(options: KmsClientOptions = {}): KMSClient {
  const { endpoint } = options;
  const anonymousLocal =
    !options.credentials && endpoint !== undefined && isLoopbackEndpoint(endpoint) && !process.env.AWS_ACCESS_KEY_ID;
  const credentials =
    options.credentials ?? (anonymousLocal ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined);
  return new KMSClient({
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: KMS_MAX_ATTEMPTS,
  });
}

export function keyringFor(source: CseKeySource): Keyring {
  switch (source.kind) {
    case 'aes':
      return new AesKeyring(source.key);
    case 'rsa':
      return new RsaKeyring(
        'privateKey' in source ? { privateKey: source.privateKey } : { publicKey: source.publicKey },
      );
    case 'kms': {
      const { keyId, ...client } = source;
      return new KmsKeyring({ keyId, kms: createKmsClient(client) });
    }
  }
}
