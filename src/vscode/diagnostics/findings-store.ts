// Findings per document version: the Problems panel shows them, and quick fixes are served from here so
// applying one never re-runs the analysis.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/analysis/types';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 's3enc';

export function rangeOfFinding(f: Finding): vscode.Range {
  return new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
}

export class FindingsStore implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly byUri = new Map<string, { version?: number; findings: Finding[] }>();

  constructor(private readonly docsUri: (rule: string) => vscode.Uri) {}

  set(uri: vscode.Uri, findings: Finding[], version?: number): void {
    this.byUri.set(uri.toString(), { version, findings });
    this.collection.set(
      uri,
      findings.map((f) => this.toDiagnostic(f)),
    );
  }

  /** Findings still valid for this exact document version (undefined if the document changed since). */
  get(document: vscode.TextDocument): Finding[] | undefined {
    const entry = this.byUri.get(document.uri.toString());
    if (!entry || (entry.version !== undefined && entry.version !== document.version)) return undefined;
    return entry.findings;
  }

  delete(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
    this.collection.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }

  private toDiagnostic(f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(rangeOfFinding(f), f.message, SEVERITY[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.rule, target: this.docsUri(f.rule) };
    return d;
  }
}
