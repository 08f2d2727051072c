// Turns remembered choices into key material, and finds the keys a download needs without asking: an SSE-C
// object's key is the stored key S3 accepts (S3 then confirms it by MD5), a CSE object's key is the stored
// key that unwraps its data key.
import { isKmsMode } from '../../core/encryption/modes';
import { GetObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import {
  DEFAULT_INSTRUCTION_SUFFIX,
  createDecryptor,
  inspectEnvelope,
  isClientSideEncrypted,
  type Keyring,
} from '../../core/crypto';
import { keyMd5 } from '../../core/keys/key-material';
import { CseKeyRequiredError } from '../../core/transfer/cse-transfer';
import { headObject } from '../../core/transfer/download';
import { SseCKeyMismatchError, SseCKeyRequiredError } from '../../core/transfer/errors';
import type { ReadMode, WriteMode } from '../../core/transfer/file-transfers';
import { keyringFor } from '../../core/crypto/keyring-factory';
import type { KeyStore } from '../keystore/key-store';
import type { WriteModeSpec } from './remembered';

export interface KmsDefaults {
  region?: string;
  endpoint?: string;
  credentials?: S3Client['config']['credentials'];
}

export async function keyringForStored(store: KeyStore, name: string, kms: KmsDefaults): Promise<Keyring> {
  const entry = store.get(name);
  if (!entry) throw new Error(`The key store has no key named "${name}" any more. Pick another key.`);
  if (entry.kind === 'kms-ref')
    return keyringFor({
      kind: 'kms',
      keyId: entry.kmsKeyId ?? '',
      region: entry.kmsRegion ?? kms.region,
      endpoint: kms.endpoint,
      credentials: kms.credentials,
    });
  const material = await store.material(name);
  if (!material) throw new Error(`The secret of "${name}" is missing from the OS keychain; import the key again.`);
  if (entry.kind === 'rsa-private') return keyringFor({ kind: 'rsa', privateKey: material.toString('utf8') });
  return keyringFor({ kind: 'aes', key: material });
}

export async function resolveWriteMode(spec: WriteModeSpec, store: KeyStore, kms: KmsDefaults): Promise<WriteMode> {
  const mode = spec.mode;
  switch (mode) {
    case 'bucket-default':
      return { sse: { mode } };
    case 'SSE-C': {
      const key = spec.keyName ? await store.material(spec.keyName) : undefined;
      if (!key) throw new Error(`The SSE-C key "${spec.keyName ?? ''}" is not in the key store.`);
      return { sse: { mode: 'SSE-C', key } };
    }
    case 'CSE': {
      const keyring = await keyringForStored(store, spec.keyName ?? '', kms);
      return {
        sse: { mode: 'bucket-default' },
        cse: { keyring, format: spec.format ?? 'v3', envelope: spec.envelope ?? 'metadata' },
      };
    }
    default:
      // Server-side modes S3 selects by header (mode table): KMS ones carry the key, context and bucket key.
      return {
        sse: isKmsMode(mode)
          ? { mode, keyId: spec.kmsKeyId, context: spec.kmsContext, bucketKey: spec.bucketKey }
          : { mode },
      };
  }
}

/** What a download of `key` needs, found in the key store. */
export async function resolveReadMode(
  store: KeyStore,
  client: S3Client,
  bucket: string,
  key: string,
  kms: KmsDefaults,
): Promise<{ read: ReadMode; head: HeadObjectCommandOutput; keyName?: string }> {
  let head: HeadObjectCommandOutput;
  let sseCKey: Buffer | undefined;
  let keyName: string | undefined;
  try {
    head = await headObject({ client, bucket, key });
  } catch (err) {
    if (!(err instanceof SseCKeyRequiredError)) throw err;
    const found = await findSseCKey(store, client, bucket, key);
    if (!found)
      throw new SseCKeyRequiredError(
        `s3://${bucket}/${key} is SSE-C and none of the ${store.list('sse-c').length} SSE-C keys in the key store matches. Import its key (S3 Encryption: Import Key).`,
      );
    ({ head, key: sseCKey, name: keyName } = found);
  }
  const metadata = head.Metadata ?? {};
  if (!isClientSideEncrypted(metadata)) return { read: { sseCKey }, head, keyName };
  const env = inspectEnvelope(metadata);
  const instructionFile = env.needsInstructionFile
    ? await readText(client, bucket, `${key}${DEFAULT_INSTRUCTION_SUFFIX}`)
    : undefined;
  const wrap = (env.wrapAlgorithm ?? inspectEnvelope(metadata, instructionFile).wrapAlgorithm ?? '').toLowerCase();
  const kinds = wrap.startsWith('kms') ? ['kms-ref'] : wrap.startsWith('rsa') ? ['rsa-private'] : ['cse-aes'];
  const context = storedContext(metadata, instructionFile);
  for (const entry of store.list(kinds as Array<'kms-ref' | 'rsa-private' | 'cse-aes'>)) {
    const keyring = await keyringForStored(store, entry.name, kms);
    try {
      await createDecryptor({ keyring, metadata, instructionFile, encryptionContext: context, legacy: false });
      return { read: { sseCKey, cse: { keyring, context } }, head, keyName: entry.name };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'WrongKey' && code !== 'AuthenticationFailed') throw err;
    }
  }
  throw new CseKeyRequiredError(
    `s3://${bucket}/${key} is client-side encrypted (${wrap || 'unknown wrap'}) and no key in the key store opens it. Import its key.`,
  );
}

async function findSseCKey(
  store: KeyStore,
  client: S3Client,
  bucket: string,
  key: string,
): Promise<{ head: HeadObjectCommandOutput; key: Buffer; name: string } | undefined> {
  for (const entry of store.list('sse-c')) {
    const material = await store.material(entry.name);
    if (!material) continue;
    try {
      const head = await headObject({ client, bucket, key, sseCKey: material });
      // S3 accepted the key; its MD5 echo confirms which one.
      if (!head.SSECustomerKeyMD5 || head.SSECustomerKeyMD5 === keyMd5(material))
        return { head, key: material, name: entry.name };
    } catch (err) {
      if (!(err instanceof SseCKeyMismatchError)) throw err;
    }
  }
  return undefined;
}

/** The encryption context stored with a kms+context object (minus the reserved key), so decrypt can confirm it. */
function storedContext(metadata: Record<string, string>, instruction?: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {
    ...metadata,
    ...(instruction ? (JSON.parse(instruction) as Record<string, string>) : {}),
  };
  const raw = fields['x-amz-t'] ?? (fields['x-amz-wrap-alg'] === 'kms+context' ? fields['x-amz-matdesc'] : undefined);
  if (!raw) return undefined;
  const ctx = JSON.parse(raw) as Record<string, string>;
  delete ctx['aws:x-amz-cek-alg'];
  return ctx;
}

async function readText(client: S3Client, bucket: string, key: string): Promise<string> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}
