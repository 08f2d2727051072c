// What an object's encryption is, decided from the answer to HeadObject alone (pure, no network).
// Client-side encryption wins over server-side: a CSE object that S3 also encrypts is still only readable
// with the client-side key, so that is what the user needs to know first. The server-side part is kept too.

import {
  recognizeEnvelope,
  hintsInstructionFile,
  instructionFields,
  type RecognizedEnvelope,
} from '../crypto/envelope/recognize';
import {
  MODES,
  modeForSseHeader,
  type ClientSideMode,
  type EncryptionMode,
  type HeaderMode,
} from '../encryption/modes';

export { ENCRYPTION_MODES, type EncryptionMode } from '../encryption/modes';
export { hintsInstructionFile };

export interface ObjectEncryption {
  mode: EncryptionMode;
  /** SSE-KMS / DSSE-KMS key id or ARN. */
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** SSE-C: algorithm and the key's MD5 (base64), when S3 told us (it does only when the key was sent). */
  sseCustomerAlgorithm?: string;
  sseCustomerKeyMd5?: string;
  /** SSE-C: the name of the key-store key S3 accepted for this object, when one did. */
  sseCustomerKeyName?: string;
  /** CSE: key-wrap algorithm (AES/GCM, RSA-OAEP-SHA1, kms+context, kms, ...) and content algorithm. */
  wrapAlgorithm?: string;
  contentAlgorithm?: string;
  /** CSE: where the envelope lives. */
  envelope?: 'metadata' | 'instruction-file';
  /** CSE: a legacy format (V1, CBC content or `kms` wrap) that needs legacy decryption enabled. */
  legacy?: boolean;
  /** CSE object that is also server-side encrypted. */
  serverSide?: HeaderMode;
  /** unknown: why (a fault message); also used for notes such as "SSE-C key not sent". */
  reason?: string;
}

/** The HeadObject fields the classifier reads (a subset of HeadObjectCommandOutput). */
export interface HeadFields {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
  SSECustomerAlgorithm?: string;
  SSECustomerKeyMD5?: string;
  /** User metadata, keys without the `x-amz-meta-` prefix (the SDK lowercases them). */
  Metadata?: Record<string, string>;
}

/** The server-side part of a HeadObject answer. */
export function serverSideEncryption(head: HeadFields): ObjectEncryption {
  if (head.SSECustomerAlgorithm) {
    return {
      mode: 'SSE-C',
      sseCustomerAlgorithm: head.SSECustomerAlgorithm,
      sseCustomerKeyMd5: head.SSECustomerKeyMD5,
    };
  }
  const value = head.ServerSideEncryption;
  if (value === undefined || value === '') return { mode: 'none' };
  const mode = modeForSseHeader(value);
  if (!mode) return { mode: 'unknown', reason: `S3 reported server-side encryption "${value}"` };
  if (mode === 'SSE-S3') return { mode };
  return {
    mode,
    kmsKeyId: head.SSEKMSKeyId,
    ...(MODES[mode].bucketKey ? { bucketKeyEnabled: head.BucketKeyEnabled } : {}),
  };
}

/**
 * The CSE envelope named by a set of envelope fields (object metadata or an instruction file's JSON),
 * or undefined when there is none.
 */
export function cseFromEnvelope(
  fields: Record<string, string>,
  envelope: 'metadata' | 'instruction-file',
): ObjectEncryption | undefined {
  const found = recognizeEnvelope(fields);
  return (
    found && {
      mode: CSE_MODES[found.format],
      envelope,
      wrapAlgorithm: found.wrapAlgorithm,
      contentAlgorithm: found.contentAlgorithm,
      legacy: found.legacy || undefined,
    }
  );
}

const CSE_MODES: Record<RecognizedEnvelope['format'], ClientSideMode> = { v1: 'CSE-V1', v2: 'CSE-V2', v3: 'CSE-V3' };

/** Classifies from HeadObject and, when available, the parsed instruction file. */
export function classifyHead(head: HeadFields, instruction?: Record<string, string>): ObjectEncryption {
  const sse = serverSideEncryption(head);
  const metadata = head.Metadata ?? {};
  let cse = cseFromEnvelope(metadata, 'metadata');
  if (instruction) {
    const fromInstruction = cseFromEnvelope({ ...metadata, ...instruction }, 'instruction-file');
    if (fromInstruction && (!cse || cse.wrapAlgorithm === undefined)) cse = fromInstruction;
  }
  if (!cse) return sse;
  const serverSide = modeForSseHeader(head.ServerSideEncryption);
  if (serverSide && !head.SSECustomerAlgorithm) cse.serverSide = serverSide;
  return cse;
}

/** Parses an instruction file body; undefined when it is not a JSON object of strings. */
export const parseInstructionFile = instructionFields;

/** Short human text for an object's encryption, used in tree descriptions and the CLI table. */
export function describeEncryption(enc: ObjectEncryption): string {
  const mode = MODES[enc.mode];
  if (mode.needsKms)
    return enc.kmsKeyId
      ? `${enc.mode} ${shortKmsKeyId(enc.kmsKeyId)}${enc.bucketKeyEnabled ? ' (bucket key)' : ''}`
      : enc.mode;
  if (mode.side === 'client') {
    const parts = [enc.mode, enc.wrapAlgorithm ?? 'wrap ?'];
    if (enc.envelope === 'instruction-file') parts.push('(instruction file)');
    if (enc.serverSide) parts.push(`+ ${enc.serverSide}`);
    return parts.join(' ');
  }
  if (enc.mode === 'SSE-C' && enc.sseCustomerKeyName) return `SSE-C key "${enc.sseCustomerKeyName}"`;
  if (enc.mode === 'SSE-C' && enc.sseCustomerKeyMd5) return `SSE-C md5:${enc.sseCustomerKeyMd5}`;
  return enc.mode;
}

/** `arn:aws:kms:r:acct:key/1234abcd-...` → `key/1234abcd…` (the first UUID group); short ids and aliases stay. */
export function shortKmsKeyId(id: string): string {
  const tail = id.includes(':') ? id.slice(id.lastIndexOf(':') + 1) : id;
  const uuid = /^(key\/)?([0-9a-f]{8})-[0-9a-f-]{27}$/i.exec(tail);
  if (uuid) return `${uuid[1] ?? ''}${uuid[2]}…`;
  return tail.length > 24 ? `${tail.slice(0, 20)}…` : tail;
}
