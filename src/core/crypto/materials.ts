// Decryption materials: parse the envelope, apply the caller's policy (legacy, commitment, context), unwrap
// the data key and derive the content key. Shared by the streaming and ranged decryptors.
import * as C from './constants';
import { CommitmentMismatch, ContextMismatch, LegacyDisabled } from './errors';
import { deriveAndVerifyV3 } from './content/v3-derivation';
import { optionHint } from '../errors';
import { isLegacyEnvelope } from './envelope/recognize';
import { parseEnvelope, type ParsedEnvelope } from './envelope/parse';
import { DEFAULT_COMMITMENT_POLICY, type CommitmentPolicy, type Keyring, type StringMap } from './types';

export interface DecryptOptions {
  keyring: Keyring;
  /** The object's user metadata, x-amz-meta- prefix removed (same shape as vectors' metadata.json). */
  metadata: StringMap;
  /** Body of the instruction file, when the envelope lives there. */
  instructionFile?: string | Uint8Array;
  /** Context the caller expects (without aws:x-amz-cek-alg). Must equal the stored one. Default {}. */
  encryptionContext?: StringMap;
  /** Allow V1-era algorithms (AES-CBC content, AES-ECB/RSA-PKCS1/kms/AESWrap/RSA-OAEP-SHA256 wraps). */
  legacy?: boolean;
  commitmentPolicy?: CommitmentPolicy;
}

export interface ContentMaterials {
  readonly envelope: ParsedEnvelope;
  /** Content key (V3: the derived key). The caller zeroes it after creating its cipher. */
  readonly contentKey: Buffer;
  readonly iv: Buffer;
  readonly aad?: Buffer;
}

export async function prepareDecryption(options: DecryptOptions): Promise<ContentMaterials> {
  const env = parseEnvelope(options.metadata, options.instructionFile);
  if (isLegacyEnvelope(env.format, env.cekAlgorithm, env.wrapAlgorithm) && !options.legacy) {
    throw new LegacyDisabled(
      `the object uses legacy client-side encryption (${describeLegacy(env)}); enable legacy decryption to read it`,
      { hint: optionHint('legacy') },
    );
  }
  const policy = options.commitmentPolicy ?? DEFAULT_COMMITMENT_POLICY;
  if (policy === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' && env.format !== 'v3') {
    throw new CommitmentMismatch(
      `the object is format ${env.format.toUpperCase()} without key commitment, and the policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses it; use REQUIRE_ENCRYPT_ALLOW_DECRYPT to read it`,
    );
  }
  checkContext(env, options.encryptionContext ?? {});
  const dataKey = await options.keyring.unwrap({
    wrapAlgorithm: env.wrapAlgorithm,
    encryptedDataKey: env.encryptedDataKey,
    cekAlgorithm: env.cekAlgorithm,
    storedDescription: env.description,
    legacyAllowed: options.legacy === true,
  });
  if (env.format !== 'v3') return { envelope: env, contentKey: dataKey, iv: env.iv };
  try {
    const contentKey = deriveAndVerifyV3(dataKey, env.messageId!, env.commitment!);
    return { envelope: env, contentKey, iv: env.iv, aad: C.V3_SUITE_ID };
  } finally {
    dataKey.fill(0);
  }
}

function checkContext(env: ParsedEnvelope, supplied: StringMap): void {
  const stored: Record<string, string> = { ...env.description };
  if (env.descriptionKind === 'encryption-context') delete stored[C.RESERVED_CEK_CONTEXT_KEY];
  // Raw keyrings and the legacy kms wrap store a material description, checked only if the caller gives one.
  const mustMatch = env.descriptionKind === 'encryption-context' || Object.keys(supplied).length > 0;
  if (mustMatch && !sameMap(stored, supplied)) {
    const detail = keysOf(supplied) === keysOf(stored) ? ' (same keys, different values)' : '';
    throw new ContextMismatch(
      `the supplied encryption context ${keysOf(supplied)} does not match the one stored with the object ${keysOf(stored)}${detail}; pass the context used when the object was written`,
      { hint: optionHint('context') },
    );
  }
}

function sameMap(a: StringMap, b: StringMap): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

/** Names only: context values can be sensitive. */
function keysOf(m: StringMap): string {
  return `{${Object.keys(m).sort().join(', ')}}`;
}

function describeLegacy(env: ParsedEnvelope): string {
  if (env.format === 'v1') return 'V1 format, AES-CBC content';
  if (env.cekAlgorithm === C.CEK_CBC) return `AES-CBC content, "${env.wrapAlgorithm}" wrap`;
  return `"${env.wrapAlgorithm}" wrap`;
}
