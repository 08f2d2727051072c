// What an object's encryption is, decided from the answer to HeadObject alone (pure, no network).
// Client-side encryption wins over server-side: a CSE object that S3 also encrypts is still only readable
// with the client-side key, so that is what the user needs to know first. The server-side part is kept too.

export const ENCRYPTION_MODES = ['none', 'SSE-S3', 'SSE-KMS', 'DSSE-KMS', 'SSE-C', 'CSE-V1', 'CSE-V2', 'CSE-V3', 'unknown'] as const;
export type EncryptionMode = (typeof ENCRYPTION_MODES)[number];

export interface ObjectEncryption {
  mode: EncryptionMode;
  /** SSE-KMS / DSSE-KMS key id or ARN. */
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** SSE-C: algorithm and the key's MD5 (base64), when S3 told us (it does only when the key was sent). */
  sseCustomerAlgorithm?: string;
  sseCustomerKeyMd5?: string;
  /** CSE: key-wrap algorithm (AES/GCM, RSA-OAEP-SHA1, kms+context, kms, ...) and content algorithm. */
  wrapAlgorithm?: string;
  contentAlgorithm?: string;
  /** CSE: where the envelope lives. */
  envelope?: 'metadata' | 'instruction-file';
  /** CSE: a legacy format (V1, CBC content or `kms` wrap) that needs legacy decryption enabled. */
  legacy?: boolean;
  /** CSE object that is also server-side encrypted. */
  serverSide?: 'SSE-S3' | 'SSE-KMS' | 'DSSE-KMS';
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

/** V3 stores the wrap algorithm as a short code in `x-amz-w`. */
const V3_WRAP_CODES: Record<string, string> = { '02': 'AES/GCM', '12': 'kms+context', '22': 'RSA-OAEP-SHA1' };
/** V3 content algorithm codes in `x-amz-c`. */
const V3_CONTENT_CODES: Record<string, string> = { '115': 'AES/GCM/HKDF-SHA512/Commit-Key' };

export function decodeV3Wrap(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return V3_WRAP_CODES[code] ?? `code ${code}`;
}

/** The server-side part of a HeadObject answer. */
export function serverSideEncryption(head: HeadFields): ObjectEncryption {
  if (head.SSECustomerAlgorithm) {
    return { mode: 'SSE-C', sseCustomerAlgorithm: head.SSECustomerAlgorithm, sseCustomerKeyMd5: head.SSECustomerKeyMD5 };
  }
  switch (head.ServerSideEncryption) {
    case 'AES256':
      return { mode: 'SSE-S3' };
    case 'aws:kms':
      return { mode: 'SSE-KMS', kmsKeyId: head.SSEKMSKeyId, bucketKeyEnabled: head.BucketKeyEnabled };
    case 'aws:kms:dsse':
      return { mode: 'DSSE-KMS', kmsKeyId: head.SSEKMSKeyId };
    case undefined:
    case '':
      return { mode: 'none' };
    default:
      return { mode: 'unknown', reason: `S3 reported server-side encryption "${head.ServerSideEncryption}"` };
  }
}

/**
 * The CSE envelope named by a set of envelope fields (object metadata or an instruction file's JSON),
 * or undefined when there is none.
 */
export function cseFromEnvelope(fields: Record<string, string>, envelope: 'metadata' | 'instruction-file'): ObjectEncryption | undefined {
  if (fields['x-amz-c'] !== undefined || fields['x-amz-3'] !== undefined) {
    const content = fields['x-amz-c'];
    return {
      mode: 'CSE-V3',
      envelope,
      wrapAlgorithm: decodeV3Wrap(fields['x-amz-w']),
      contentAlgorithm: content === undefined ? undefined : (V3_CONTENT_CODES[content] ?? `code ${content}`),
    };
  }
  if (fields['x-amz-key-v2'] !== undefined) {
    const cek = fields['x-amz-cek-alg'];
    const wrap = fields['x-amz-wrap-alg'];
    return {
      mode: 'CSE-V2',
      envelope,
      wrapAlgorithm: wrap,
      contentAlgorithm: cek,
      legacy: wrap === 'kms' || (cek !== undefined && /CBC/i.test(cek)) || undefined,
    };
  }
  if (fields['x-amz-key'] !== undefined) {
    return { mode: 'CSE-V1', envelope, wrapAlgorithm: inferV1Wrap(fields['x-amz-key']), contentAlgorithm: 'AES/CBC/PKCS5Padding', legacy: true };
  }
  return undefined;
}

/**
 * V1 does not store its wrap algorithm. The wrapped key's length tells: AES/ECB of a 16/32-byte key is
 * 32/48 bytes, RSA output is the modulus size (128 bytes or more).
 */
function inferV1Wrap(wrappedKeyB64: string): string {
  const length = Buffer.from(wrappedKeyB64, 'base64').length;
  return length >= 128 ? 'RSA/ECB/PKCS1Padding' : 'AES/ECB/PKCS5Padding';
}

/** Metadata a CSE writer leaves on the object when the envelope went to an instruction file. */
export function hintsInstructionFile(metadata: Record<string, string> | undefined): boolean {
  if (!metadata) return false;
  return (
    metadata['x-amz-crypto-instr-file'] !== undefined ||
    metadata['x-amz-unencrypted-content-length'] !== undefined ||
    // V3 keeps x-amz-c/x-amz-d/x-amz-i on the object but moves x-amz-3/x-amz-w/x-amz-t to the instruction file.
    (metadata['x-amz-c'] !== undefined && metadata['x-amz-w'] === undefined)
  );
}

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
  if (sse.mode === 'SSE-S3' || sse.mode === 'SSE-KMS' || sse.mode === 'DSSE-KMS') cse.serverSide = sse.mode;
  return cse;
}

/** Parses an instruction file body; undefined when it is not a JSON object of strings. */
export function parseInstructionFile(body: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined; // not JSON: not an instruction file, the caller reports the object as it is
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** Short human text for an object's encryption, used in tree descriptions and the CLI table. */
export function describeEncryption(enc: ObjectEncryption): string {
  switch (enc.mode) {
    case 'SSE-KMS':
    case 'DSSE-KMS':
      return enc.kmsKeyId ? `${enc.mode} ${shortKmsKeyId(enc.kmsKeyId)}${enc.bucketKeyEnabled ? ' (bucket key)' : ''}` : enc.mode;
    case 'SSE-C':
      return enc.sseCustomerKeyMd5 ? `SSE-C md5:${enc.sseCustomerKeyMd5}` : 'SSE-C';
    case 'CSE-V1':
    case 'CSE-V2':
    case 'CSE-V3': {
      const parts = [enc.mode, enc.wrapAlgorithm ?? 'wrap ?'];
      if (enc.envelope === 'instruction-file') parts.push('(instruction file)');
      if (enc.serverSide) parts.push(`+ ${enc.serverSide}`);
      return parts.join(' ');
    }
    default:
      return enc.mode;
  }
}

/** `arn:aws:kms:r:acct:key/1234abcd-...` → `key/1234abcd…` (the first UUID group); short ids and aliases stay. */
export function shortKmsKeyId(id: string): string {
  const tail = id.includes(':') ? id.slice(id.lastIndexOf(':') + 1) : id;
  const uuid = /^(key\/)?([0-9a-f]{8})-[0-9a-f-]{27}$/i.exec(tail);
  if (uuid) return `${uuid[1] ?? ''}${uuid[2]}…`;
  return tail.length > 24 ? `${tail.slice(0, 20)}…` : tail;
}
