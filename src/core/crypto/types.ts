// Public types of the CSE engine. Kept separate so keyrings, envelope code and callers share them
// without import cycles.

/** String map as S3 returns user metadata (x-amz-meta- prefix removed, names lower case). */
export type StringMap = Readonly<Record<string, string>>;

export type FormatVersion = 'v1' | 'v2' | 'v3';
export type WriteFormat = 'v2' | 'v3';
export type EnvelopeLocation = 'metadata' | 'instruction-file';

/**
 * - FORBID_ENCRYPT_ALLOW_DECRYPT: write V2 (no commitment), read V2 and V3.
 * - REQUIRE_ENCRYPT_ALLOW_DECRYPT: write V3, read V2 and V3 (the default: most objects in the wild are V2).
 * - REQUIRE_ENCRYPT_REQUIRE_DECRYPT: write V3, read only V3.
 */
export type CommitmentPolicy =
  'FORBID_ENCRYPT_ALLOW_DECRYPT' | 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' | 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
export const COMMITMENT_POLICIES: readonly CommitmentPolicy[] = [
  'FORBID_ENCRYPT_ALLOW_DECRYPT',
  'REQUIRE_ENCRYPT_ALLOW_DECRYPT',
  'REQUIRE_ENCRYPT_REQUIRE_DECRYPT',
];
export const DEFAULT_COMMITMENT_POLICY: CommitmentPolicy = 'REQUIRE_ENCRYPT_ALLOW_DECRYPT';

/** What a keyring is asked when encrypting: wrap a fresh data key for this content algorithm. */
export interface WrapRequest {
  /** Content algorithm as stored: 'AES/GCM/NoPadding' (V2) or '115' (V3). */
  readonly cekAlgorithm: string;
  /** Caller's encryption context (never contains aws:x-amz-cek-alg). */
  readonly encryptionContext: StringMap;
}

/** A keyring's answer to WrapRequest. The engine zeroes `dataKey` when the content key is no longer needed. */
export interface WrappedDataKey {
  /** 32-byte plaintext data key (AES-256). */
  readonly dataKey: Buffer;
  readonly encryptedDataKey: Buffer;
  /** Wrap algorithm name as in x-amz-wrap-alg ('AES/GCM', 'RSA-OAEP-SHA1', 'kms+context'). */
  readonly wrapAlgorithm: string;
  /**
   * The description stored next to the key: for KMS the full encryption context (incl. aws:x-amz-cek-alg),
   * stored as x-amz-matdesc (V2) or x-amz-t (V3); for raw keyrings the material description
   * (x-amz-matdesc / x-amz-m).
   */
  readonly description: StringMap;
  readonly descriptionKind: 'encryption-context' | 'material-description';
}

/** What a keyring is asked when decrypting: recover the data key from the envelope. */
export interface UnwrapRequest {
  /**
   * Wrap algorithm name (V3 codes already translated). '' for a V1 object (x-amz-key) that stores none:
   * AES keyrings then use AES/ECB and RSA keyrings RSA PKCS#1 v1.5, as the V1 clients did.
   */
  readonly wrapAlgorithm: string;
  readonly encryptedDataKey: Buffer;
  /** Content algorithm as stored (or implied 'AES/CBC/PKCS5Padding' for V1). */
  readonly cekAlgorithm: string;
  /** Stored x-amz-matdesc / x-amz-m / x-amz-t, parsed. */
  readonly storedDescription: StringMap;
  /** Whether the caller enabled legacy (V1-era) algorithms. */
  readonly legacyAllowed: boolean;
}

/**
 * A key provider. Implement this to plug in your own (an HSM, a secrets manager...).
 * - `wrap` returns a fresh 32-byte data key and its wrapped form.
 * - `unwrap` returns the plaintext data key or throws a typed error: WrongKey (cannot open it),
 *   UnsupportedAlgorithm (wrap algorithm not handled by this keyring), LegacyDisabled.
 * Keyrings never see the object body, and must never put key bytes into error messages.
 */
export interface Keyring {
  /** Short human description, e.g. 'AES-256 key', 'RSA-2048 key', 'KMS key arn:...'. No secrets. */
  readonly description: string;
  /** Which wrap algorithms this keyring can unwrap (used for messages and envelope checks). */
  readonly unwrapAlgorithms: readonly string[];
  wrap(request: WrapRequest): Promise<WrappedDataKey>;
  unwrap(request: UnwrapRequest): Promise<Buffer>;
}

/** Result of inspecting an object's metadata, cheap and without keys; for the explorer and the CLI. */
export interface EnvelopeInfo {
  /**
   * 'none' when no S3EC metadata is present, and also for V1/V2 objects whose whole envelope is in an
   * instruction file (then `needsInstructionFile` is true; pass the file to learn the format).
   */
  readonly format: FormatVersion | 'none';
  /** Stored (V3: decoded) wrap algorithm, when known from the metadata alone. */
  readonly wrapAlgorithm?: string;
  /** Content algorithm (stored, or implied 'AES/CBC/PKCS5Padding' for V1). */
  readonly contentAlgorithm?: string;
  /** True when the key envelope is not in the metadata, so `<key><suffix>` must be fetched. */
  readonly needsInstructionFile: boolean;
  /** True when reading needs the legacy switch (V1 format, CBC content, or legacy wraps). */
  readonly legacy: boolean;
  readonly keyCommitting: boolean;
  /** x-amz-unencrypted-content-length, when stored. */
  readonly plaintextLength?: number;
  /** Why the metadata looks inconsistent (mixed formats, bad values), if it does. Decrypting will fail. */
  readonly problem?: string;
}
