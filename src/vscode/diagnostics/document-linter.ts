// Lints open documents on open and on change, debounced per document. Documents of languages we do not
// analyse are dropped before any work (no timer, no worker start).
import * as vscode from 'vscode';
import { EDITOR_LANGUAGE_IDS, looksLikeCloudFormation } from '../../core/analysis/languages/detect';
import type { AnalysisClient } from '../../core/analysis/worker/analysis-client';
import type { FindingsStore } from './findings-store';
import { readDiagnosticsSettings } from './settings';

export function isAnalysable(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled' && document.uri.scheme !== 'vscode-remote')
    return false;
  const kind = EDITOR_LANGUAGE_IDS[document.languageId];
  if (!kind) return false;
  return kind !== 'maybe-cloudformation' || looksLikeCloudFormation(document.getText());
}

export class DocumentLinter implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: AnalysisClient,
    private readonly store: FindingsStore,
    private readonly log: (m: string) => void,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('s3enc.diagnostics')) this.relintAll();
      }),
    );
    this.relintAll();
  }

  relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  schedule(document: vscode.TextDocument, delay?: number): void {
    const settings = readDiagnosticsSettings(document.uri);
    if (!settings.enabled || !isAnalysable(document)) {
      if (!settings.enabled) this.store.delete(document.uri);
      return;
    }
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.lint(document, settings.options), delay ?? settings.debounceMs),
    );
  }

  private async lint(document: vscode.TextDocument, options: Parameters<AnalysisClient['analyze']>[2]): Promise<void> {
    this.timers.delete(document.uri.toString());
    const version = document.version;
    try {
      const findings = await this.client.analyze(document.uri.fsPath || document.uri.path, document.getText(), options);
      // A newer edit has its own run scheduled; its results win.
      if (!document.isClosed && document.version === version) this.store.set(document.uri, findings, version);
    } catch (e) {
      this.log(`S3 diagnostics failed for ${vscode.workspace.asRelativePath(document.uri)}: ${(e as Error).message}`);
    }
  }

  /**
   * A closed document's unsaved edits are gone ("Don't Save"): the Problems panel must describe the file on
   * disk again, so analyse what is there now.
   */
  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (document.uri.scheme === 'untitled') return this.store.delete(document.uri);
    if (document.uri.scheme !== 'file' || !isAnalysable(document)) return;
    void this.lintFromDisk(document.uri);
  }

  private async lintFromDisk(uri: vscode.Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const findings = await this.client.analyze(uri.fsPath, text, readDiagnosticsSettings(uri).options);
      // Reopened meanwhile: the open document's own run owns the result.
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
      this.store.set(uri, findings);
    } catch (e) {
      // Deleted or unreadable: nothing on disk to describe.
      this.store.delete(uri);
      this.log(
        `S3 diagnostics: ${vscode.workspace.asRelativePath(uri)} re-read after close failed: ${(e as Error).message}`,
      );
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
