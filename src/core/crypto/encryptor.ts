// Encryption: wraps a fresh data key, builds the V2 or V3 envelope, and returns a plaintext->ciphertext
// Transform. Multipart uploads send consecutive slices of `stream`'s output as parts (non-final parts a
// multiple of 16 bytes); the metadata goes on CreateMultipartUpload.
import { randomBytes } from 'node:crypto';
import type { Transform } from 'node:stream';
import * as C from './constants';
import { UnsupportedAlgorithm } from './errors';
import { createGcmEncryptStream } from './content/gcm-encrypt-stream';
import { deriveV3Keys } from './content/v3-derivation';
import type { EnvelopeLocation, Keyring, StringMap, WriteFormat, WrappedDataKey } from './types';

const M = C.M;

export interface EncryptOptions {
  keyring: Keyring;
  /** 'v3' (default, key-committing) or 'v2' (for readers that predate V3, such as Ruby aws-sdk-s3 1.117). */
  format?: WriteFormat;
  /** KMS encryption context (or raw-keyring material description). Must not use aws:x-amz-cek-alg. */
  encryptionContext?: StringMap;
  /** Where the key envelope goes. Default 'metadata'. */
  envelope?: EnvelopeLocation;
  /** Suffix of the instruction object. Default DEFAULT_INSTRUCTION_SUFFIX. */
  instructionSuffix?: string;
  /** Plaintext size, stored as x-amz-unencrypted-content-length (V2) and checked against the GCM limit. */
  plaintextLength?: number;
}

export interface InstructionFileOut {
  /** Store the body under `<object key><suffix>`. */
  readonly suffix: string;
  /** JSON text, the whole content of the instruction object. */
  readonly body: string;
}

export interface Encryptor {
  readonly format: WriteFormat;
  /** User metadata for the object (names without the x-amz-meta- prefix). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly instructionFile?: InstructionFileOut;
  /** Single-use plaintext -> ciphertext Transform; the 16-byte tag follows the last ciphertext byte. */
  readonly stream: Transform;
  /** Stored body size for a plaintext size (plaintext + 16). */
  ciphertextLength(plaintextLength: number): number;
}

/** Body size of an encrypted object with this plaintext size (GCM: plaintext + 16-byte tag). */
export function ciphertextLengthFor(plaintextLength: number): number {
  return plaintextLength + C.GCM_TAG_BYTES;
}

export async function createEncryptor(options: EncryptOptions): Promise<Encryptor> {
  const format = options.format ?? 'v3';
  if (format !== 'v2' && format !== 'v3')
    throw new UnsupportedAlgorithm(`cannot write format "${String(format)}"; use v2 or v3`);
  if (options.plaintextLength !== undefined && options.plaintextLength > C.GCM_MAX_PLAINTEXT_BYTES) {
    throw new UnsupportedAlgorithm('the plaintext exceeds the AES-GCM limit of 2^36 - 32 bytes (64 GiB)');
  }
  const cekAlgorithm = format === 'v3' ? C.CEK_V3_COMMIT : C.CEK_GCM;
  const wrapped = await options.keyring.wrap({ cekAlgorithm, encryptionContext: options.encryptionContext ?? {} });
  const location = options.envelope ?? 'metadata';
  const suffix = options.instructionSuffix ?? C.DEFAULT_INSTRUCTION_SUFFIX;
  try {
    const built = format === 'v3' ? buildV3(wrapped) : buildV2(wrapped, options.plaintextLength);
    const split = splitEnvelope(built.envelope, built.objectOnly, location);
    return {
      format,
      metadata: split.metadata,
      instructionFile:
        split.instruction === undefined ? undefined : { suffix, body: JSON.stringify(split.instruction) },
      stream: built.stream,
      ciphertextLength: ciphertextLengthFor,
    };
  } finally {
    wrapped.dataKey.fill(0);
  }
}

interface BuiltEnvelope {
  envelope: Record<string, string>;
  /** Keys that must stay in object metadata even with an instruction file. */
  objectOnly: Record<string, string>;
  stream: Transform;
}

function buildV2(wrapped: WrappedDataKey, plaintextLength: number | undefined): BuiltEnvelope {
  const iv = randomBytes(C.GCM_IV_BYTES);
  const stream = createGcmEncryptStream(wrapped.dataKey, iv, undefined);
  return {
    envelope: {
      [M.keyV2]: wrapped.encryptedDataKey.toString('base64'),
      [M.iv]: iv.toString('base64'),
      [M.cekAlg]: C.CEK_GCM,
      [M.wrapAlg]: wrapped.wrapAlgorithm,
      [M.matdesc]: JSON.stringify(wrapped.description),
      [M.tagLen]: '128',
    },
    objectOnly: plaintextLength === undefined ? {} : { [M.plaintextLength]: String(plaintextLength) },
    stream,
  };
}

function buildV3(wrapped: WrappedDataKey): BuiltEnvelope {
  const code = Object.entries(C.V3_WRAP_CODES).find(([, name]) => name === wrapped.wrapAlgorithm)?.[0];
  if (!code) throw new UnsupportedAlgorithm(`wrap algorithm ${wrapped.wrapAlgorithm} has no V3 code`);
  const messageId = randomBytes(C.V3_MESSAGE_ID_BYTES);
  const { encryptionKey, commitment } = deriveV3Keys(wrapped.dataKey, messageId);
  const stream = createGcmEncryptStream(encryptionKey, C.V3_CONTENT_IV, C.V3_SUITE_ID);
  encryptionKey.fill(0);
  const descKey = wrapped.descriptionKind === 'encryption-context' ? M.encryptionContextV3 : M.matDescV3;
  return {
    envelope: {
      [M.encryptedDataKeyV3]: wrapped.encryptedDataKey.toString('base64'),
      [M.wrapAlgV3]: code,
      [descKey]: JSON.stringify(wrapped.description),
    },
    objectOnly: {
      [M.contentCipherV3]: C.CEK_V3_COMMIT,
      [M.keyCommitmentV3]: commitment.toString('base64'),
      [M.messageIdV3]: messageId.toString('base64'),
    },
    stream,
  };
}

function splitEnvelope(
  envelope: Record<string, string>,
  objectOnly: Record<string, string>,
  location: EnvelopeLocation,
): { metadata: Record<string, string>; instruction?: Record<string, string> } {
  if (location === 'metadata') return { metadata: { ...envelope, ...objectOnly } };
  if (location !== 'instruction-file')
    throw new UnsupportedAlgorithm(`unknown envelope location "${String(location)}"`);
  return { metadata: { ...objectOnly }, instruction: envelope };
}
