// How the extension words the hints core errors carry: as the setting, command or key-store action to use.
import { hintOf, type Hint, type HintOption } from '../core/errors';

const WORDS: Record<HintOption, string> = {
  legacy: 'legacy objects can be read with `s3enc decrypt --legacy`, then uploaded again in a current format',
  context: 'the stored encryption context must match the one the object was written with',
  aesKey: 'import its AES key into the key store (S3 Encryption: Import Key)',
  rsaKey: 'import its RSA private key into the key store (S3 Encryption: Import Key)',
  kmsKey: 'add a reference to its KMS key to the key store (S3 Encryption: Import Key)',
  cseKey: 'import its key into the key store (S3 Encryption: Import Key)',
  sseCKey: 'import its SSE-C key into the key store (S3 Encryption: Import Key)',
  recursive: 'run the command on the folder',
  raw: 'download the ciphertext as stored',
  allowHttpLoopback: 'enable the setting s3enc.transfers.allowSseCOverHttpLoopback for a local test server',
  allowKmsKeyChange: 'choose "Also replace KMS keys" to confirm',
  httpsEndpoint: 'edit the connection to use an https:// endpoint',
  auditScan: 'choose "Scan Live" to classify the objects with HeadObject',
  auditManifest: 'or choose a manifest.json',
  inventoryToParquet: 'choose "Switch to Parquet" to review and apply the configuration change',
  createInventory: 'choose "Scan Live", or "Create Inventory" to review and apply a configuration',
  sseKmsKey: 'choose SSE-KMS again and enter the KMS key id',
};

export function renderHint(hint: Hint): string {
  return WORDS[hint.name];
}

/** `message (hint)` for an error that carries a hint, else the message. */
export function messageWithHint(err: Error): string {
  const hint = hintOf(err);
  return hint ? `${err.message} (${renderHint(hint)})` : err.message;
}
