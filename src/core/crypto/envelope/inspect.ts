// Cheap, key-less look at an object's metadata, for the explorer tree and `s3enc ls`. Bad metadata never
// throws: it comes back as `problem`.
import * as C from '../constants';
import { CseError } from '../errors';
import type { EnvelopeInfo } from '../types';
import { detectFormat, parseEnvelope } from './parse';
import { isLegacyEnvelope } from './recognize';

/** Describes the CSE envelope of an object from its user metadata (x-amz-meta- prefix removed). */
export function inspectEnvelope(metadata: Readonly<Record<string, string>>, instructionFile?: string): EnvelopeInfo {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) meta[k.toLowerCase()] = v;
  let format;
  try {
    format = detectFormat(meta);
  } catch (err) {
    return {
      format: 'none',
      needsInstructionFile: false,
      legacy: false,
      keyCommitting: false,
      problem: messageOf(err),
    };
  }
  const envelopeInMeta = format === 'v3' ? meta[C.M.encryptedDataKeyV3] !== undefined : format !== undefined;
  if (!envelopeInMeta && instructionFile === undefined) {
    // V1/V2 instruction-file objects keep at most x-amz-unencrypted-content-length in the metadata, so
    // that key alone is the hint (Ruby writes it); V3 keeps x-amz-c/d/i.
    const looksEncrypted = format === 'v3' || meta[C.M.plaintextLength] !== undefined;
    return {
      format: format ?? 'none',
      contentAlgorithm: format === 'v3' ? C.CEK_V3_COMMIT : undefined,
      needsInstructionFile: looksEncrypted,
      legacy: false,
      keyCommitting: format === 'v3',
      plaintextLength: lengthOf(meta[C.M.plaintextLength]),
    };
  }
  try {
    const env = parseEnvelope(meta, instructionFile);
    return {
      format: env.format,
      wrapAlgorithm: env.wrapAlgorithm || (env.format === 'v1' ? 'AES/ECB or RSA/ECB/PKCS1 (implied)' : undefined),
      contentAlgorithm: env.cekAlgorithm,
      needsInstructionFile: env.location === 'instruction-file',
      legacy: isLegacyEnvelope(env.format, env.cekAlgorithm, env.wrapAlgorithm),
      keyCommitting: env.format === 'v3',
      plaintextLength: env.plaintextLength,
    };
  } catch (err) {
    return {
      format: format ?? 'none',
      wrapAlgorithm: meta[C.M.wrapAlg] ?? (meta[C.M.wrapAlgV3] ? C.V3_WRAP_CODES[meta[C.M.wrapAlgV3]] : undefined),
      contentAlgorithm: meta[C.M.cekAlg] ?? meta[C.M.contentCipherV3],
      needsInstructionFile: false,
      legacy: format === 'v1' || meta[C.M.cekAlg] === C.CEK_CBC,
      keyCommitting: format === 'v3',
      problem: messageOf(err),
    };
  }
}

/** True when the metadata carries any S3 Encryption Client envelope key (or hints at an instruction file). */
export function isClientSideEncrypted(metadata: Readonly<Record<string, string>>): boolean {
  const info = inspectEnvelope(metadata);
  return info.format !== 'none' || info.needsInstructionFile;
}

function lengthOf(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,16}$/.test(v) ? Number(v) : undefined;
}

function messageOf(err: unknown): string {
  if (err instanceof CseError) return `${err.code}: ${err.message}`;
  throw err;
}
