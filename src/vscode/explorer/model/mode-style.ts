// One look per encryption mode: a codicon, a theme color and a contextValue suffix, from core's mode table.
// The legend and the tree both read this, so they cannot disagree.
import { ENCRYPTION_MODES, MODES, type EncryptionMode } from '../../../core/encryption/modes';

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

/** Object modes from core's one mode table; the two states only the tree shows are added here. */
export const MODE_STYLES: Record<DisplayMode, ModeStyle> = {
  ...(Object.fromEntries(ENCRYPTION_MODES.map((m) => [m, { ...MODES[m].style, meaning: MODES[m].meaning }])) as Record<
    EncryptionMode,
    ModeStyle
  >),
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
