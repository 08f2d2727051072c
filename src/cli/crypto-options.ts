// Key options shared by `s3enc encrypt`, `s3enc decrypt` and `s3enc cp --cse`: they become one Keyring.
//   --aes-key-file F   16/24/32-byte key as hex, base64 or raw bytes
//   --rsa-key-file F   RSA key, PEM or DER; a public key encrypts, a private key does both
//   --kms-key-id ID    KMS key, with --kms-endpoint URL and --kms-region R
//   --context JSON     encryption context (KMS) / material description (AES, RSA)
import { parseAesKeyFile, type Keyring } from '../core/crypto';
import { keyringFor } from '../core/crypto/keyring-factory';
import { UsageError } from './errors';
import { readKeyFile } from './input-files';

export const keyOptionSpecs = {
  'aes-key-file': { type: 'string' },
  'rsa-key-file': { type: 'string' },
  'kms-key-id': { type: 'string' },
  'kms-endpoint': { type: 'string' },
  'kms-region': { type: 'string' },
  context: { type: 'string' },
} as const;

export interface KeyOptionValues {
  'aes-key-file'?: string;
  'rsa-key-file'?: string;
  'kms-key-id'?: string;
  'kms-endpoint'?: string;
  'kms-region'?: string;
  context?: string;
}

export const KEY_OPTIONS_HELP = `Key options (exactly one of the first three):
  --aes-key-file FILE   AES key (128/192/256-bit; 256 to encrypt) as hex, base64 or raw bytes
  --rsa-key-file FILE   RSA key, PEM or DER (public key: encrypt only; private key: both)
  --kms-key-id ID       KMS key id, ARN or alias
  --kms-endpoint URL    KMS endpoint (default: the AWS endpoint for the region)
  --kms-region REGION   KMS region (default: $AWS_REGION or us-east-1)
  --context JSON        encryption context, e.g. '{"purpose":"backup"}' (must match on decrypt)`;

export function keyringFromOptions(values: KeyOptionValues): Keyring {
  const chosen = (['aes-key-file', 'rsa-key-file', 'kms-key-id'] as const).filter((k) => values[k] !== undefined);
  if (chosen.length !== 1) {
    throw new UsageError('give exactly one of --aes-key-file, --rsa-key-file or --kms-key-id');
  }
  if (values['aes-key-file']) {
    const raw = readKeyFile(values['aes-key-file'], '--aes-key-file');
    const { key } = parseAesKeyFile(raw, `--aes-key-file ${values['aes-key-file']}`);
    raw.fill(0);
    const keyring = keyringFor({ kind: 'aes', key });
    key.fill(0);
    return keyring;
  }
  if (values['rsa-key-file']) {
    const raw = readKeyFile(values['rsa-key-file'], '--rsa-key-file');
    const text = raw.toString('latin1');
    const isPrivate = text.includes('PRIVATE KEY') || (!text.includes('-----BEGIN') && !looksLikePublicDer(raw));
    return keyringFor(isPrivate ? { kind: 'rsa', privateKey: raw } : { kind: 'rsa', publicKey: raw });
  }
  return keyringFor({
    kind: 'kms',
    keyId: values['kms-key-id']!,
    region: values['kms-region'],
    endpoint: values['kms-endpoint'],
  });
}

export function parseContextOption(json: string | undefined): Record<string, string> {
  if (json === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new UsageError('--context must be a JSON object, e.g. \'{"purpose":"backup"}\'');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError('--context must be a JSON object of string values');
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw new UsageError(`--context value for "${k}" must be a string`);
  }
  return parsed as Record<string, string>;
}

/** SPKI DER starts with SEQUENCE { SEQUENCE { OID rsaEncryption ... } }; PKCS#8 has an INTEGER version first. */
function looksLikePublicDer(der: Buffer): boolean {
  const oid = Buffer.from('06092a864886f70d010101', 'hex');
  const at = der.indexOf(oid);
  return at >= 0 && at < 8;
}
