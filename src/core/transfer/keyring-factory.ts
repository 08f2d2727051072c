// Builds a CSE keyring from what the user picked (CLI flags or a key-store entry). Shared by `s3enc cp` and
// the extension so both read and write the same objects the same way.
import { KMSClient } from '@aws-sdk/client-kms';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { AesKeyring, KmsKeyring, RsaKeyring, type Keyring } from '../crypto';
import { InvalidTransferArgumentError } from './errors';

export type CseKeySource =
  | { kind: 'aes'; key: Buffer }
  | { kind: 'rsa'; privateKeyPem: string }
  | {
      kind: 'kms';
      keyId: string;
      region?: string;
      endpoint?: string;
      credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    };

export function keyringFor(source: CseKeySource): Keyring {
  switch (source.kind) {
    case 'aes':
      if (source.key.length !== 32) throw new InvalidTransferArgumentError(`A CSE AES key must be 32 bytes; got ${source.key.length}.`);
      return new AesKeyring(source.key);
    case 'rsa':
      return new RsaKeyring({ privateKey: source.privateKeyPem });
    case 'kms':
      return new KmsKeyring({
        keyId: source.keyId,
        kms: new KMSClient({
          region: source.region ?? 'us-east-1',
          ...(source.endpoint ? { endpoint: source.endpoint } : {}),
          ...(source.credentials ? { credentials: source.credentials } : {}),
          maxAttempts: 3,
        }),
      });
  }
}
