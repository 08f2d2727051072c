// Messages between the extension host and the analysis worker, defined once for both sides.
import type { AnalysisNotice } from '../engine';
import type { LintOptions } from '../options';
import type { Finding, LanguageId } from '../types';

export interface AnalyzeRequest {
  id: number;
  path: string;
  text: string;
  options: LintOptions;
}

export type AnalyzeResponse =
  | { id: number; ok: true; language?: LanguageId; findings: Finding[]; notice?: AnalysisNotice }
  | { id: number; ok: false; error: string };
