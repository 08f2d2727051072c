// How the CLI words the hints core errors carry: as the flag to add.
import { hintOf, type Hint, type HintOption } from '../core/errors';

const FLAGS: Record<HintOption, string> = {
  legacy: 'add --legacy',
  context: 'pass the context it was written with (--context)',
  aesKey: 'give the AES key (--aes-key-file)',
  rsaKey: 'give the RSA private key (--rsa-key-file)',
  kmsKey: 'give the KMS key (--kms-key-id)',
  cseKey: 'give its key (--cse aes|rsa|kms with the key options), or --raw for the ciphertext',
  sseCKey: 'give its key (--sse-c-key-file)',
  recursive: 'add --recursive',
  raw: 'add --raw',
  allowHttpLoopback: 'add --allow-http-loopback',
  allowKmsKeyChange: 'add --allow-kms-key-change to confirm',
  httpsEndpoint: 'use an https:// --endpoint',
  auditScan: 'use --scan to classify the objects live',
  auditManifest: 'or name a report with --manifest',
  inventoryToParquet: 'see the change with --switch-to-parquet, then apply it with --apply',
  createInventory: 'use --scan, or add one with --create-inventory s3://DEST-BUCKET/prefix (applied with --apply)',
  sseKmsKey: 'name the key with --sse-kms-key-id',
};

export function renderHint(hint: Hint): string {
  return FLAGS[hint.name];
}

/** `message (hint)` for an error that carries a hint, else the message. */
export function messageWithHint(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const hint = hintOf(err);
  return hint ? `${message} (${renderHint(hint)})` : message;
}
