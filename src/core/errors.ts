// The base of every typed error core throws. `code` is stable (front ends and tests match on it); `hint` names
// what the user can change, as a closed vocabulary each front end renders in its own words (a CLI flag, a
// VS Code setting or command). So core messages never spell a flag or a setting.

/** Something the user can switch on or supply to get past the error. */
export type HintOption =
  /** Enable legacy client-side decryption (V1, CBC, `kms` wrap). */
  | 'legacy'
  /** Pass the encryption context / material description used when the object was written. */
  | 'context'
  /** Supply the client-side AES key / RSA private key / KMS key the object was written with. */
  | 'aesKey'
  | 'rsaKey'
  | 'kmsKey'
  /** Supply a client-side key of any kind. */
  | 'cseKey'
  /** Supply the object's SSE-C key. */
  | 'sseCKey'
  /** Treat a folder or prefix as many objects. */
  | 'recursive'
  /** Download the ciphertext as it is stored. */
  | 'raw'
  /** Allow SSE-C over plain HTTP to a loopback endpoint (local test servers). */
  | 'allowHttpLoopback'
  /** Confirm replacing an object's KMS key. */
  | 'allowKmsKeyChange'
  /** Use an https:// endpoint. */
  | 'httpsEndpoint'
  /** Audit by classifying objects live (HeadObject) instead of from an inventory. */
  | 'auditScan'
  /** Name the inventory report (manifest.json) to audit. */
  | 'auditManifest'
  /** Switch the bucket's inventory configuration to Parquet (the change is shown before it is applied). */
  | 'inventoryToParquet'
  /** Create an inventory configuration with the fields an audit needs (shown before it is applied). */
  | 'createInventory'
  /** Name the KMS key for server-side encryption (SSE-KMS / DSSE-KMS). */
  | 'sseKmsKey';

export interface Hint {
  kind: 'option';
  name: HintOption;
}

export interface S3encErrorOptions {
  code?: string;
  hint?: Hint;
  cause?: unknown;
}

export class S3encError extends Error {
  readonly hint?: Hint;
  private readonly explicitCode?: string;

  constructor(message: string, options: S3encErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.code !== undefined) this.explicitCode = options.code;
    if (options.hint) this.hint = options.hint;
  }

  /** Stable identifier: the one given, else the error's `name` (each subclass sets its own). */
  get code(): string {
    return this.explicitCode ?? this.name;
  }
}

export function optionHint(name: HintOption): Hint {
  return { kind: 'option', name };
}

export function hintOf(err: unknown): Hint | undefined {
  return err instanceof S3encError ? err.hint : undefined;
}

export function errorCodeOf(err: unknown): string | undefined {
  if (err instanceof S3encError) return err.code;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
