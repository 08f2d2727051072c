// Messages between the extension host and the analysis worker, defined once for both sides.
import type { LintOptions } from '../options';
import type { Finding } from '../types';

export interface AnalyzeRequest {
  id: number;
  path: string;
  text: string;
  options: LintOptions;
}

export type AnalyzeResponse =
  | { id: number; ok: true; language?: string; findings: Finding[] }
  | { id: number; ok: false; error: string };
