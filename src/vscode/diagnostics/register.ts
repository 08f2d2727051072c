// Wires S3 code diagnostics: a worker-backed analysis client, per-document linting, quick fixes, the
// "Scan Workspace" command and the rule docs. Everything heavy lives in src/core/analysis, in the worker.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { AnalysisClient } from '../../core/analysis/worker/analysis-client';
import { OPEN_RULE_DOCS_COMMAND, S3CodeActionProvider } from './code-actions';
import { DocumentLinter } from './document-linter';
import { FindingsStore } from './findings-store';
import { scanResultMessage } from './scan-message';
import { scanWorkspace } from './scan-workspace';

/** What other features (and the integration tests) may use. */
export interface DiagnosticsService {
  scanWorkspace(): Thenable<{ files: number; findings: number; cancelled: boolean }>;
}

const SELECTOR: vscode.DocumentSelector = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
  'ruby',
  'java',
  'go',
  'terraform',
  'hcl',
  'shellscript',
  'yaml',
  'json',
  'jsonc',
].map((language) => ({ language }));

export function registerDiagnostics(ctx: Ctx): DiagnosticsService {
  const extensionUri = ctx.extension.extensionUri;
  const docsUri = (rule: string) => vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
  const client = AnalysisClient.forExtension(ctx.extension.extensionPath, ctx.log);
  const store = new FindingsStore(docsUri);
  const linter = new DocumentLinter(client, store, ctx.log);
  ctx.extension.subscriptions.push(store, linter, { dispose: () => client.dispose() });
  ctx.extension.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(SELECTOR, new S3CodeActionProvider(store), {
      providedCodeActionKinds: S3CodeActionProvider.kinds,
    }),
  );
  const service: DiagnosticsService = { scanWorkspace: () => scanWorkspace(client, store, ctx.log) };
  ctx.command('s3enc.scanWorkspace', async () => {
    const r = await service.scanWorkspace();
    void showScanResult(r);
    return r;
  });
  ctx.command('s3enc.clearDiagnostics', () => store.clear());
  ctx.command(OPEN_RULE_DOCS_COMMAND, (rule: string) =>
    vscode.commands.executeCommand('markdown.showPreview', docsUri(rule)),
  );
  return service;
}

async function showScanResult(r: {
  files: number;
  findings: number;
  filesWithFindings?: number;
  cancelled: boolean;
}): Promise<void> {
  const show = 'Show Problems';
  const choice = await vscode.window.showInformationMessage(scanResultMessage(r), ...(r.findings ? [show] : []));
  if (choice === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
