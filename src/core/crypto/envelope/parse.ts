// Turns stored metadata (+ optional instruction file) into a validated envelope. Follows the detection
// rules of content-metadata.md: V1 = x-amz-key, V2 = x-amz-key-v2, V3 = x-amz-c/x-amz-3/x-amz-d/x-amz-i;
// mixing formats is an error.
import * as C from '../constants';
import { InvalidMetadata, UnsupportedAlgorithm, needsMetadata } from '../errors';
import type { FormatVersion, StringMap } from '../types';
import {
  decodeBase64Field,
  normalizeMetadata,
  parseInstructionFile,
  parseLengthField,
  parseStringMapJson,
} from './values';

const M = C.M;

export interface ParsedEnvelope {
  readonly format: FormatVersion;
  readonly location: 'metadata' | 'instruction-file';
  readonly cekAlgorithm: string;
  /** '' for V1 objects that store no wrap algorithm. */
  readonly wrapAlgorithm: string;
  readonly encryptedDataKey: Buffer;
  /** Content IV (V1/V2). For V3 the fixed V3_CONTENT_IV. */
  readonly iv: Buffer;
  readonly description: StringMap;
  readonly descriptionKind: 'encryption-context' | 'material-description';
  readonly messageId?: Buffer;
  readonly commitment?: Buffer;
  readonly plaintextLength?: number;
}

const V1_KEYS = [M.key];
const V2_KEYS = [M.keyV2];
const V3_KEYS = [M.contentCipherV3, M.encryptedDataKeyV3, M.keyCommitmentV3, M.messageIdV3, M.wrapAlgV3];

export function detectFormat(meta: StringMap): FormatVersion | undefined {
  const has = (keys: string[]): boolean => keys.some((k) => meta[k] !== undefined);
  const found: FormatVersion[] = [];
  if (has(V1_KEYS)) found.push('v1');
  if (has(V2_KEYS)) found.push('v2');
  if (has(V3_KEYS)) found.push('v3');
  if (found.length > 1) {
    throw new InvalidMetadata(`the envelope mixes format ${found.join(' and ')} keys; it cannot be trusted`);
  }
  return found[0];
}

export function parseEnvelope(metadata: unknown, instructionFile?: string | Uint8Array): ParsedEnvelope {
  const meta = normalizeMetadata(metadata, 'object metadata');
  const instr = instructionFile === undefined ? undefined : parseInstructionFile(instructionFile);
  const metaFormat = detectFormat(meta);

  if (metaFormat === 'v3') return parseV3(meta, instr);
  if (metaFormat === 'v1' || metaFormat === 'v2') return parseV1V2(meta, metaFormat, 'metadata', meta);
  if (!instr) {
    throw new InvalidMetadata(
      'no client-side encryption envelope in the object metadata; supply the instruction file ' +
        `(<key>${C.DEFAULT_INSTRUCTION_SUFFIX}) or check that the object is client-side encrypted`,
    );
  }
  const instrFormat = detectFormat(instr);
  if (instrFormat === 'v3' || instr[M.encryptedDataKeyV3] !== undefined) {
    throw new InvalidMetadata('a V3 instruction file needs x-amz-c, x-amz-d and x-amz-i in the object metadata');
  }
  if (!instrFormat) throw new InvalidMetadata('the instruction file holds no x-amz-key-v2 or x-amz-key envelope');
  // The object may keep x-amz-unencrypted-content-length next to a V1/V2 instruction file (Ruby does).
  return parseV1V2(instr, instrFormat, 'instruction-file', meta);
}

function parseV1V2(
  env: StringMap,
  format: 'v1' | 'v2',
  location: ParsedEnvelope['location'],
  objectMeta: StringMap,
): ParsedEnvelope {
  const keyField = format === 'v1' ? M.key : M.keyV2;
  const encryptedDataKey = decodeBase64Field(env[keyField], keyField);
  needsMetadata(env[M.matdesc] !== undefined, `${M.matdesc} is missing from the ${format.toUpperCase()} envelope`);
  let cekAlgorithm: string;
  let wrapAlgorithm: string;
  if (format === 'v2') {
    needsMetadata(env[M.cekAlg] !== undefined, `${M.cekAlg} is missing from the V2 envelope`);
    needsMetadata(env[M.wrapAlg] !== undefined, `${M.wrapAlg} is missing from the V2 envelope`);
    cekAlgorithm = env[M.cekAlg]!;
    wrapAlgorithm = env[M.wrapAlg]!;
  } else {
    cekAlgorithm = env[M.cekAlg] ?? C.CEK_CBC;
    wrapAlgorithm = env[M.wrapAlg] ?? '';
  }
  if (cekAlgorithm !== C.CEK_GCM && cekAlgorithm !== C.CEK_CBC) {
    throw new UnsupportedAlgorithm(`content algorithm "${cekAlgorithm}" is not supported (expected ${C.CEK_GCM})`);
  }
  const iv = decodeBase64Field(env[M.iv], M.iv, cekAlgorithm === C.CEK_GCM ? C.GCM_IV_BYTES : C.CBC_IV_BYTES);
  if (cekAlgorithm === C.CEK_GCM) {
    needsMetadata(env[M.tagLen] !== undefined, `${M.tagLen} is missing; AES-GCM objects must store it (128)`);
    needsMetadata(env[M.tagLen] === '128', `${M.tagLen} is "${env[M.tagLen]}"; only 128 is valid`);
  } else {
    needsMetadata(env[M.tagLen] === undefined, `${M.tagLen} must not be present for AES-CBC content`);
  }
  const description = parseStringMapJson(env[M.matdesc], M.matdesc);
  const plaintextLength = parseLengthField(env[M.plaintextLength] ?? objectMeta[M.plaintextLength], M.plaintextLength);
  return {
    format,
    location,
    cekAlgorithm,
    wrapAlgorithm,
    encryptedDataKey,
    iv,
    description,
    descriptionKind: wrapAlgorithm === C.WRAP_KMS_CONTEXT ? 'encryption-context' : 'material-description',
    plaintextLength,
  };
}

function parseV3(meta: StringMap, instr: StringMap | undefined): ParsedEnvelope {
  if (meta[M.contentCipherV3] !== C.CEK_V3_COMMIT) {
    throw meta[M.contentCipherV3] === undefined
      ? new InvalidMetadata(`${M.contentCipherV3} is missing from the V3 envelope`)
      : new UnsupportedAlgorithm(`V3 content cipher "${meta[M.contentCipherV3]}" is not supported (expected 115)`);
  }
  const commitment = decodeBase64Field(meta[M.keyCommitmentV3], M.keyCommitmentV3, C.V3_COMMITMENT_BYTES);
  const messageId = decodeBase64Field(meta[M.messageIdV3], M.messageIdV3, C.V3_MESSAGE_ID_BYTES);
  const inMeta = meta[M.encryptedDataKeyV3] !== undefined;
  let env: StringMap = meta;
  if (!inMeta) {
    if (!instr) {
      throw new InvalidMetadata('the V3 key envelope (x-amz-3, x-amz-w) is in an instruction file; supply it');
    }
    for (const k of C.V3_OBJECT_ONLY_KEYS) {
      needsMetadata(instr[k] === undefined, `${k} must not appear in a V3 instruction file`);
    }
    needsMetadata(
      instr[M.keyV2] === undefined && instr[M.key] === undefined,
      'the instruction file mixes V2 and V3 keys',
    );
    env = instr;
  }
  const encryptedDataKey = decodeBase64Field(env[M.encryptedDataKeyV3], M.encryptedDataKeyV3);
  const code = env[M.wrapAlgV3];
  needsMetadata(code !== undefined, `${M.wrapAlgV3} is missing from the V3 envelope`);
  const wrapAlgorithm = C.V3_WRAP_CODES[code];
  if (!wrapAlgorithm) throw new UnsupportedAlgorithm(`V3 wrap algorithm code "${code}" is not supported`);
  const isKms = wrapAlgorithm === C.WRAP_KMS_CONTEXT;
  const descField = isKms ? M.encryptionContextV3 : M.matDescV3;
  return {
    format: 'v3',
    location: inMeta ? 'metadata' : 'instruction-file',
    cekAlgorithm: C.CEK_V3_COMMIT,
    wrapAlgorithm,
    encryptedDataKey,
    iv: Buffer.from(C.V3_CONTENT_IV),
    description: parseStringMapJson(env[descField], descField),
    descriptionKind: isKms ? 'encryption-context' : 'material-description',
    messageId,
    commitment,
  };
}
