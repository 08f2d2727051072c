// The audit report webview: a strict Content-Security-Policy (scripts only with this page's nonce, styles from
// the extension or with the nonce), the chart bundle from dist/, and messages both ways. The panel renders;
// everything it asks for (open a prefix, re-encrypt, export) is done by the extension.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AuditReport } from '../../core/audit/report';
import type { AuditHistoryPoint, ShowReportMessage, WebviewToHost } from './protocol';

export interface ReportActions {
  openPrefix(prefix: string): Promise<void>;
  reencrypt(prefix: string, statuses: string[]): Promise<void>;
  exportReport(format: 'json' | 'csv' | 'athena'): Promise<void>;
}

export function reportHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'audit-webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'audit-report.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>${escaped}</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="muted">Loading the audit report…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

export class AuditReportPanel {
  private static readonly panels = new Map<string, AuditReportPanel>();
  private message: ShowReportMessage;

  static show(
    extensionUri: vscode.Uri,
    id: string,
    report: AuditReport,
    history: AuditHistoryPoint[],
    actions: ReportActions,
  ): AuditReportPanel {
    const existing = AuditReportPanel.panels.get(id);
    if (existing) {
      existing.update(report, history, actions);
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      's3enc.auditReport',
      `Audit: ${report.bucket}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
      },
    );
    const created = new AuditReportPanel(panel, extensionUri, id, { type: 'report', report, history }, actions);
    AuditReportPanel.panels.set(id, created);
    return created;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly id: string,
    message: ShowReportMessage,
    private actions: ReportActions,
  ) {
    this.message = message;
    panel.webview.html = reportHtml(panel.webview, extensionUri, `Audit: ${message.report.bucket}`);
    panel.webview.onDidReceiveMessage((m: WebviewToHost) => this.handle(m));
    panel.onDidDispose(() => AuditReportPanel.panels.delete(this.id));
  }

  private update(report: AuditReport, history: AuditHistoryPoint[], actions: ReportActions): void {
    this.actions = actions;
    this.message = { type: 'report', report, history };
    this.panel.title = `Audit: ${report.bucket}`;
    void this.panel.webview.postMessage(this.message);
  }

  private async handle(m: WebviewToHost): Promise<void> {
    try {
      if (m.type === 'ready') await this.panel.webview.postMessage(this.message);
      else if (m.type === 'openPrefix') await this.actions.openPrefix(m.prefix);
      else if (m.type === 'reencrypt') await this.actions.reencrypt(m.prefix, m.statuses);
      else if (m.type === 'export') await this.actions.exportReport(m.format);
    } catch (err) {
      void vscode.window.showErrorMessage((err as Error).message);
    }
  }
}
