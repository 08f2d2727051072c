// One look per encryption mode: a codicon, a theme color and a contextValue suffix. The legend and the
// tree both read this table, so they cannot disagree.
import { ENCRYPTION_MODES, MODES, type EncryptionMode } from '../../../core/encryption/modes';

export type DisplayMode = EncryptionMode | 'pending';

export interface ModeStyle {
  /** Codicon id (ThemeIcon). */
  icon: string;
  /** ThemeColor id; undefined = default foreground. */
  color?: string;
  /** What the mode means, for the legend and tooltips. */
  meaning: string;
}

/** The look of each mode comes from the core mode table; only 'pending' is the tree's own. */
export const MODE_STYLES: Record<DisplayMode, ModeStyle> = {
  ...(Object.fromEntries(ENCRYPTION_MODES.map((m) => [m, { ...MODES[m].style, meaning: MODES[m].meaning }])) as Record<EncryptionMode, ModeStyle>),
  pending: { icon: 'loading~spin', meaning: 'Being classified (HeadObject in progress).' },
};

/** `s3enc.object.<mode>`: lowercased, dashed (sse-kms, cse-v3, pending, ...). Menus depend on these. */
export function objectContextValue(mode: DisplayMode): string {
  return `s3enc.object.${mode.toLowerCase()}`;
}
