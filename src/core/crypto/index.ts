/**
 * Client-side encryption (CSE) engine, byte-compatible with the AWS S3 Encryption Client object format.
 *
 * Writes V2 (AES-GCM content; AES/GCM, RSA-OAEP-SHA1 or kms+context key wrap) and V3 (key-committing
 * ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY, compressed metadata). Reads V2 and V3, and V1/legacy objects
 * (AES-CBC content; AES-ECB, RSA-PKCS1, `kms`, AESWrap, RSA-OAEP-SHA256 wraps) only when `legacy` is on.
 *
 * Everything streams in constant memory. Node's crypto only. No vscode import.
 *
 * Typical use:
 * ```ts
 * const enc = await createEncryptor({ keyring: new AesKeyring(key), plaintextLength: size });
 * // PUT enc.metadata as user metadata (+ enc.instructionFile at instructionKeyFor(key) if asked), body = file.pipe(enc.stream)
 * const dec = await createDecryptor({ keyring, metadata, instructionFile });
 * await decryptToFile({ ...same options, source: getObjectBody, destination: '/tmp/out.bin' });
 * ```
 */
export * from './errors';
export type {
  StringMap,
  FormatVersion,
  WriteFormat,
  EnvelopeLocation,
  CommitmentPolicy,
  Keyring,
  WrapRequest,
  WrappedDataKey,
  UnwrapRequest,
  EnvelopeInfo,
} from './types';
export { COMMITMENT_POLICIES, DEFAULT_COMMITMENT_POLICY } from './types';
export {
  DEFAULT_INSTRUCTION_SUFFIX,
  GCM_MAX_PLAINTEXT_BYTES,
  GCM_TAG_BYTES,
  FILE_STREAM_CHUNK_BYTES,
  CEK_GCM,
  CEK_CBC,
  CEK_V3_COMMIT,
} from './constants';

// Keyrings
export { AesKeyring } from './keyrings/aes-keyring';
export { RsaKeyring, type RsaKeyringOptions, type RsaKeyInput } from './keyrings/rsa-keyring';
export { KmsKeyring, type KmsKeyringOptions, type KmsDataKeyPort } from './keyrings/kms-keyring';
export { parseAesKeyFile } from './keyrings/aes-key-file';

// Envelope detection (pure, cheap, no keys)
export { inspectEnvelope, isClientSideEncrypted } from './envelope/inspect';
export {
  recognizeEnvelope,
  hintsInstructionFile,
  instructionFields,
  instructionKeyFor,
  subjectOfInstructionKey,
  decodeV3Wrap,
  INSTRUCTION_SUFFIX,
  type RecognizedEnvelope,
} from './envelope/recognize';

// Encrypt / decrypt
export {
  createEncryptor,
  ciphertextLengthFor,
  type EncryptOptions,
  type Encryptor,
  type InstructionFileOut,
} from './encryptor';
export { createDecryptor, createContentDecryptor, type DecryptOptions, type Decryptor } from './decryptor';
export type { ContentDecryption } from './content/content-decryption';
export { CiphertextSpool, DEFAULT_CSE_MEMORY_BYTES, spoolPathFor } from './ciphertext-spool';
export { decryptToFile, type DecryptToFileOptions } from './decrypt-to-file';
export {
  createUnauthenticatedRangeDecryptor,
  type UnauthenticatedRange,
  type UnauthenticatedRangeDecryptor,
} from './ranged';
