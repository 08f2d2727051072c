// Client-side encryption on the way up and down, around the plain upload/download engines: the engine's
// encryptor feeds the multipart uploader (fixed 16-byte-aligned parts, envelope on CreateMultipartUpload),
// and its decryptor sits in the download pipeline, whose temp file is renamed only after the tag verifies.
import { optionHint } from '../errors';
import type { Readable, Transform } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import {
  DEFAULT_INSTRUCTION_SUFFIX,
  createContentDecryptor,
  createDecryptor,
  createEncryptor,
  hintsInstructionFile,
  inspectEnvelope,
  instructionKeyFor,
  isClientSideEncrypted,
  recognizeEnvelope,
  type CommitmentPolicy,
  type ContentDecryption,
  type EnvelopeLocation,
  type Keyring,
  type StringMap,
  type WriteFormat,
} from '../crypto';
import { TransferError, s3ErrorCode } from './errors';
import { notClientSideEncrypted } from './not-cse';
import { sseWriteParams, type SseChoice } from './sse-params';
import { uploadObject, type UploadRequest, type UploadResult } from './upload';

export interface CseWriteSpec {
  keyring: Keyring;
  format: WriteFormat;
  envelope: EnvelopeLocation;
  context?: StringMap;
}

export interface CseReadSpec {
  keyring: Keyring;
  context?: StringMap;
  /** Allow V1-era algorithms (AES-CBC content, legacy key wraps). */
  legacy?: boolean;
  /** Default REQUIRE_ENCRYPT_ALLOW_DECRYPT (reads V2 and V3). */
  commitmentPolicy?: CommitmentPolicy;
  /**
   * File downloads: objects up to this many bytes are authenticated in memory and written once; bigger ones are
   * spooled to disk as ciphertext and decrypted there after the tag verified (default 64 MiB; 0: always spool).
   */
  memoryBytes?: number;
}

export class CseKeyRequiredError extends TransferError {
  override name = 'CseKeyRequired';
}

/** Metadata names the S3 Encryption Client writes; stripped when an object stops being CSE. */
const CSE_METADATA =
  /^x-amz-(key|key-v2|iv|cek-alg|wrap-alg|matdesc|tag-len|unencrypted-content-length|unencrypted-content-md5|[cdimtw3])$/;

export function withoutCseMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([k]) => !CSE_METADATA.test(k)));
}

export interface EncryptedUploadRequest extends Omit<UploadRequest, 'body' | 'sizeBytes'> {
  plaintext: Readable;
  plaintextLength?: number;
  cse: CseWriteSpec;
}

export async function uploadEncrypted(
  req: EncryptedUploadRequest,
): Promise<UploadResult & { instructionKey?: string }> {
  const enc = await createEncryptor({
    keyring: req.cse.keyring,
    format: req.cse.format,
    envelope: req.cse.envelope,
    encryptionContext: req.cse.context,
    plaintextLength: req.plaintextLength,
  });
  // A read error on the plaintext must fail the upload (and so abort it), not end the ciphertext early.
  req.plaintext.on('error', (err) => enc.stream.destroy(err));
  req.plaintext.pipe(enc.stream);
  const result = await uploadObject({
    ...req,
    body: enc.stream,
    sizeBytes: req.plaintextLength === undefined ? undefined : enc.ciphertextLength(req.plaintextLength),
    metadata: { ...withoutCseMetadata(req.metadata), ...enc.metadata },
  });
  if (!enc.instructionFile) return result;
  const instructionKey = `${req.key}${enc.instructionFile.suffix}`;
  await putInstructionFile(req.client, req.bucket, instructionKey, enc.instructionFile.body, req.sse, req.signal);
  return { ...result, instructionKey };
}

async function putInstructionFile(
  client: S3Client,
  bucket: string,
  key: string,
  body: string,
  sse: SseChoice,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        ...sseWriteParams(sse),
      }),
      { abortSignal: signal },
    );
  } catch (err) {
    throw new TransferError(
      `The encrypted object was uploaded but its instruction file s3://${bucket}/${key} could not be written ` +
        `(${err instanceof Error ? err.message : String(err)}); the object cannot be decrypted until it is. Upload it again.`,
    );
  }
}

/**
 * The download pipeline's decrypt stage: undefined for a plain object (or when `raw` asks for the stored
 * ciphertext). A CSE object without a key is an error rather than a silent download of ciphertext.
 */
export function cseDecryptStage(
  client: S3Client,
  bucket: string,
  key: string,
  spec: CseReadSpec | undefined,
  opts: { raw?: boolean; signal?: AbortSignal } = {},
): (head: HeadObjectCommandOutput) => Promise<Transform | undefined> {
  const signal = opts.signal;
  return async (head) => {
    const metadata = head.Metadata ?? {};
    if (opts.raw || !isClientSideEncrypted(metadata)) return undefined;
    if (!spec) {
      throw new CseKeyRequiredError(
        `s3://${bucket}/${key} is client-side encrypted; give its key to decrypt it, or download the ciphertext as stored.`,
        { hint: optionHint('cseKey') },
      );
    }
    const envelope = inspectEnvelope(metadata);
    const instructionFile = envelope.needsInstructionFile
      ? await readInstructionFile(client, bucket, `${key}${DEFAULT_INSTRUCTION_SUFFIX}`, signal)
      : undefined;
    const dec = await createDecryptor({
      keyring: spec.keyring,
      metadata,
      instructionFile,
      encryptionContext: spec.context,
      legacy: spec.legacy,
      commitmentPolicy: spec.commitmentPolicy,
    });
    return dec.stream;
  };
}

/**
 * The file download's decryption (two passes, see crypto/ciphertext-spool.ts): undefined for `raw` or for a
 * plain object read without a key. With a key, an object without a valid envelope is refused
 * (NotClientSideEncrypted) instead of being written as if it were plaintext.
 */
export function cseContentStage(
  client: S3Client,
  loc: { bucket: string; key: string; sseCKey?: Buffer },
  spec: CseReadSpec | undefined,
  opts: { raw?: boolean; signal?: AbortSignal } = {},
): (head: HeadObjectCommandOutput) => Promise<ContentDecryption | undefined> {
  const { bucket, key } = loc;
  return async (head) => {
    const metadata = head.Metadata ?? {};
    if (opts.raw) return undefined;
    const inMetadata = recognizeEnvelope(metadata) !== undefined || hintsInstructionFile(metadata);
    if (!spec) {
      if (!inMetadata) return undefined;
      throw new CseKeyRequiredError(
        `s3://${bucket}/${key} is client-side encrypted; give its key to decrypt it, or download the ciphertext as stored.`,
        { hint: optionHint('cseKey') },
      );
    }
    const instructionKey = instructionKeyFor(key);
    let instructionFile: string | undefined;
    if (!inMetadata) {
      // AWS's clients also look for the instruction file when the metadata holds no envelope.
      instructionFile = await readInstructionFile(client, bucket, instructionKey, opts.signal, true);
      if (instructionFile === undefined)
        throw await notClientSideEncrypted(client, { ...loc, signal: opts.signal }, head);
    } else if (inspectEnvelope(metadata).needsInstructionFile) {
      instructionFile = await readInstructionFile(client, bucket, instructionKey, opts.signal);
    }
    const { content } = await createContentDecryptor({
      keyring: spec.keyring,
      metadata,
      instructionFile,
      encryptionContext: spec.context,
      legacy: spec.legacy,
      commitmentPolicy: spec.commitmentPolicy,
    });
    return content;
  };
}

export function isCseObject(head: HeadObjectCommandOutput): boolean {
  return isClientSideEncrypted(head.Metadata ?? {});
}

async function readInstructionFile(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<string>;
async function readInstructionFile(
  client: S3Client,
  bucket: string,
  key: string,
  signal: AbortSignal | undefined,
  optional: true,
): Promise<string | undefined>;
async function readInstructionFile(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
  optional = false,
): Promise<string | undefined> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return (await out.Body?.transformToString('utf8')) ?? '';
  } catch (err) {
    if (
      optional &&
      (s3ErrorCode(err) === 'NoSuchKey' ||
        (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
    )
      return undefined;
    throw new TransferError(
      `The object keeps its key envelope in ${key}, which could not be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
