// Loads the in-repository known-answer vectors (test/fixtures/vectors) and builds the keyring each one names.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { AesKeyring, KmsKeyring, RsaKeyring, parseAesKeyFile, type Keyring } from '../../../src/core/crypto';
import { vectorsDir } from '../../../tools/live/vectors-path';
import { liveEnv } from '../../../tools/live/live-env';

export interface Vector {
  name: string;
  dir: string;
  format: string;
  wrap: string;
  keyFile: string;
  kmsKeyId?: string;
  encryptionContext?: Record<string, string>;
  envelope: 'metadata' | 'instruction-file';
  expect: 'ok' | 'auth-failure' | 'commitment-mismatch' | 'context-mismatch' | 'invalid-metadata' | 'legacy-disabled';
  legacyRequired: boolean;
  plaintextSha256?: string;
  derivedFrom?: string;
}

export function loadVectors(): Vector[] {
  const root = vectorsDir();
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'vector.json')))
    .map((d) => ({
      ...(JSON.parse(readFileSync(join(root, d.name, 'vector.json'), 'utf8')) as Vector),
      dir: join(root, d.name),
    }));
}

export function vectorFiles(v: Vector): {
  metadata: Record<string, string>;
  body: Buffer;
  instruction?: string;
  plaintext?: Buffer;
} {
  const file = (n: string): string => join(v.dir, n);
  return {
    metadata: JSON.parse(readFileSync(file('metadata.json'), 'utf8')) as Record<string, string>,
    body: readFileSync(file('body.bin')),
    instruction: existsSync(file('instruction.json')) ? readFileSync(file('instruction.json'), 'utf8') : undefined,
    plaintext: existsSync(file('plaintext.bin')) ? readFileSync(file('plaintext.bin')) : undefined,
  };
}

let kmsClient: KMSClient | undefined;
export function localKmsClient(): KMSClient {
  kmsClient ??= new KMSClient({
    endpoint: liveEnv().kmsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return kmsClient;
}

export function keyringFor(v: Vector): Keyring {
  const keyPath = join(vectorsDir(), v.keyFile);
  if (v.keyFile.endsWith('kms-master.hex')) return new KmsKeyring({ kms: localKmsClient(), keyId: v.kmsKeyId! });
  if (v.keyFile.endsWith('.pem')) return new RsaKeyring({ privateKey: readFileSync(keyPath, 'utf8') });
  return new AesKeyring(parseAesKeyFile(readFileSync(keyPath)).key);
}

export const EXPECTED_CODE: Record<Exclude<Vector['expect'], 'ok'>, string> = {
  'auth-failure': 'AuthenticationFailed',
  'commitment-mismatch': 'CommitmentMismatch',
  'context-mismatch': 'ContextMismatch',
  'invalid-metadata': 'InvalidMetadata',
  'legacy-disabled': 'LegacyDisabled',
};
