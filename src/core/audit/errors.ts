// Typed failures of an inventory audit, each with a `code` scripts can match and a hint a user can act on.
export type InventoryErrorCode =
  | 'InventoryNotFound'
  | 'InventoryManifestInvalid'
  | 'InventoryChecksumMismatch'
  | 'InventoryFormatUnsupported'
  | 'InventoryDataInvalid'
  | 'AuditCancelled';

export class InventoryError extends Error {
  override readonly name = 'InventoryError';

  constructor(
    readonly code: InventoryErrorCode,
    message: string,
    /** What to do about it, shown after the message. */
    readonly hint?: string,
  ) {
    super(hint ? `${message} ${hint}` : message);
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InventoryError('AuditCancelled', 'The audit was cancelled; nothing was counted.');
}
