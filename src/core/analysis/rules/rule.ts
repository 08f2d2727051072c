// The shape every rule file exports, ESLint-style: metadata plus a check over one file's facts.
import type { ResolvedOptions } from '../options';
import type { FileFacts, Fix, Range, RuleId, Severity } from '../types';

export const DOCS_BASE_URL = 'https://github.com/s3enc/s3-encryption-explorer/blob/main/docs/rules/';

export function docsUrl(rule: RuleId): string {
  return `${DOCS_BASE_URL}${rule}.md`;
}

export interface RuleMeta {
  id: RuleId;
  description: string;
  defaultSeverity: Severity;
  /** The quick fixes this rule can offer, for the docs and the meta-test. */
  fixable: boolean;
}

export interface Report {
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Overrides the configured severity (s3-missing-sse under "require SSE-KMS"). */
  severity?: Severity;
}

export interface RuleContext {
  facts: FileFacts;
  text: string;
  options: ResolvedOptions;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/**
 * Replaces a string literal's content (keeping its quotes) with a new value. A reference to a value declared in
 * another file (`local.defaults.sse`) is replaced by a quoted literal: the setting is then written where it is used.
 */
export function replaceLiteralContent(text: string, literal: Range, newValue: string): Fix['edits'][number] {
  const raw = text.slice(literal.start, literal.end);
  const q = /^[a-zA-Z]*(["'`]{1,3})/.exec(raw);
  if (!q && /^[A-Za-z_][\w-]*(\.[\w-]+|\[[^\]\n]*\])+$/.test(raw))
    return { start: literal.start, end: literal.end, newText: JSON.stringify(newValue) };
  if (!q) return { start: literal.start, end: literal.end, newText: newValue };
  const open = q[0].length;
  const close = q[1].length;
  return { start: literal.start + open, end: literal.end - close, newText: newValue };
}
