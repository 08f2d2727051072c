// The one key-less recognizer of the S3 Encryption Client envelope: which format an object's metadata (or
// instruction file) is in, with which wrap and content algorithms, and whether it is a legacy one. It never
// throws, so listing and classification can call it on anything S3 returns. Full validation is parse.ts.
import * as C from '../constants';

export interface RecognizedEnvelope {
  format: 'v1' | 'v2' | 'v3';
  /** Wrap algorithm as the AWS clients name it (V3 codes decoded; V1's implied from the wrapped key). */
  wrapAlgorithm?: string;
  /** Content algorithm (V3's suite id given its readable name). */
  contentAlgorithm?: string;
  /** Reading it needs legacy decryption enabled. */
  legacy: boolean;
}

/** Suffix of the object holding an envelope that is not in the metadata. */
export const INSTRUCTION_SUFFIX = C.DEFAULT_INSTRUCTION_SUFFIX;

const LEGACY_WRAPS = new Set([
  C.WRAP_KMS_LEGACY,
  C.WRAP_AES_WRAP,
  C.WRAP_RSA_OAEP_SHA256,
  C.WRAP_V1_AES_ECB,
  C.WRAP_V1_RSA_PKCS1,
  '',
]);
const V3_CONTENT_NAMES: Readonly<Record<string, string>> = { [C.CEK_V3_COMMIT]: 'AES/GCM/HKDF-SHA512/Commit-Key' };

export function isLegacyEnvelope(format: string, cekAlgorithm: string, wrapAlgorithm: string): boolean {
  return format === 'v1' || cekAlgorithm === C.CEK_CBC || LEGACY_WRAPS.has(wrapAlgorithm);
}

/** V3 stores the wrap algorithm as a short code in x-amz-w. */
export function decodeV3Wrap(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  return C.V3_WRAP_CODES[code] ?? `code ${code}`;
}

/**
 * The envelope named by a set of envelope fields (lower-case names, without x-amz-meta-), or undefined.
 * V3 wins over V2 over V1 when fields of several formats are present (parse.ts rejects such mixes).
 */
export function recognizeEnvelope(fields: Readonly<Record<string, string>>): RecognizedEnvelope | undefined {
  if (fields[C.M.contentCipherV3] !== undefined || fields[C.M.encryptedDataKeyV3] !== undefined) {
    const content = fields[C.M.contentCipherV3];
    return {
      format: 'v3',
      wrapAlgorithm: decodeV3Wrap(fields[C.M.wrapAlgV3]),
      contentAlgorithm: content === undefined ? undefined : (V3_CONTENT_NAMES[content] ?? `code ${content}`),
      legacy: false,
    };
  }
  if (fields[C.M.keyV2] !== undefined) {
    const cek = fields[C.M.cekAlg];
    const wrap = fields[C.M.wrapAlg];
    return {
      format: 'v2',
      wrapAlgorithm: wrap,
      contentAlgorithm: cek,
      legacy: isLegacyEnvelope('v2', cek ?? '', wrap ?? 'unknown') || /CBC/i.test(cek ?? ''),
    };
  }
  if (fields[C.M.key] !== undefined) {
    return { format: 'v1', wrapAlgorithm: inferV1Wrap(fields[C.M.key]), contentAlgorithm: C.CEK_CBC, legacy: true };
  }
  return undefined;
}

/**
 * V1 does not store its wrap algorithm. The wrapped key's length tells: AES/ECB of a 16/32-byte key is
 * 32/48 bytes, RSA output is the modulus size (128 bytes or more).
 */
function inferV1Wrap(wrappedKeyB64: string): string {
  const length = Buffer.from(wrappedKeyB64, 'base64').length;
  return length >= 128 ? C.WRAP_V1_RSA_PKCS1 : C.WRAP_V1_AES_ECB;
}

/** Metadata a CSE writer leaves on the object when the envelope went to an instruction file. */
export function hintsInstructionFile(metadata: Readonly<Record<string, string>> | undefined): boolean {
  if (!metadata) return false;
  return (
    metadata['x-amz-crypto-instr-file'] !== undefined ||
    metadata[C.M.plaintextLength] !== undefined ||
    // V3 keeps x-amz-c/x-amz-d/x-amz-i on the object but moves x-amz-3/x-amz-w/x-amz-t to the instruction file.
    (metadata[C.M.contentCipherV3] !== undefined && metadata[C.M.wrapAlgV3] === undefined)
  );
}

/** Lenient read of an instruction file's body: its string fields, or undefined when it is not a JSON object. */
export function instructionFields(body: string): Record<string, string> | undefined {
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

/** The instruction object of `key`. */
export function instructionKeyFor(key: string): string {
  return key + INSTRUCTION_SUFFIX;
}

/** For an instruction object's key, the key of the object it describes; undefined for any other key. */
export function subjectOfInstructionKey(key: string): string | undefined {
  return key.endsWith(INSTRUCTION_SUFFIX) && key.length > INSTRUCTION_SUFFIX.length
    ? key.slice(0, -INSTRUCTION_SUFFIX.length)
    : undefined;
}
