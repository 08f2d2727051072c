// One look per encryption mode: a codicon, a theme color and a contextValue suffix. The legend and the
// tree both read this table, so they cannot disagree.
import type { EncryptionMode } from '../../../core/s3/object-encryption';

/** "not-reported": HeadObject named no SSE on an endpoint known not to report it (see endpoint-probe). */
export type DisplayMode = EncryptionMode | 'pending' | 'not-reported';

export interface ModeStyle {
  /** Codicon id (ThemeIcon). */
  icon: string;
  /** ThemeColor id; undefined = default foreground. */
  color?: string;
  /** What the mode means, for the legend and tooltips. */
  meaning: string;
}

export const MODE_STYLES: Record<DisplayMode, ModeStyle> = {
  none: { icon: 'unlock', color: 'charts.red', meaning: 'Not encrypted by S3 or by the client.' },
  'SSE-S3': { icon: 'lock', color: 'charts.green', meaning: 'Server-side, S3-managed keys (AES256).' },
  'SSE-KMS': { icon: 'shield', color: 'charts.green', meaning: 'Server-side with an AWS KMS key (key id shown).' },
  'DSSE-KMS': { icon: 'layers', color: 'charts.green', meaning: 'Dual-layer server-side encryption with a KMS key.' },
  'SSE-C': { icon: 'key', color: 'charts.yellow', meaning: 'Server-side with your own customer key, sent on every request (its key-store name shown when a stored key opens it).' },
  'CSE-V1': { icon: 'warning', color: 'charts.orange', meaning: 'Client-side, legacy V1 format (AES-CBC, unauthenticated): re-encrypt.' },
  'CSE-V2': { icon: 'workspace-trusted', color: 'charts.blue', meaning: 'Client-side, V2 format (AES-GCM); wrap algorithm shown.' },
  'CSE-V3': { icon: 'verified-filled', color: 'charts.blue', meaning: 'Client-side, V3 format with key commitment; wrap algorithm shown.' },
  unknown: { icon: 'question', color: 'disabledForeground', meaning: 'Could not be determined (the tooltip says why).' },
  'not-reported': {
    icon: 'circle-large-outline',
    color: 'disabledForeground',
    meaning: 'This endpoint does not report server-side encryption on HeadObject: SSE-S3 or none, it cannot tell.',
  },
  pending: { icon: 'loading~spin', meaning: 'Being classified (HeadObject in progress).' },
};

/** `s3enc.object.<mode>`: lowercased, dashed (sse-kms, cse-v3, pending, ...). Menus depend on these. */
export function objectContextValue(mode: DisplayMode): string {
  return `s3enc.object.${mode.toLowerCase()}`;
}
