// Quick fixes for s3enc diagnostics, served from the findings of the current document version, plus a
// "Learn more" action that opens the rule's docs page.
import * as vscode from 'vscode';
import type { Finding } from '../../core/analysis/types';
import { DIAGNOSTIC_SOURCE, rangeOfFinding, type FindingsStore } from './findings-store';

export const OPEN_RULE_DOCS_COMMAND = 's3enc.openRuleDocs';

export class S3CodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly store: FindingsStore) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const findings = this.store.get(document);
    if (!findings) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const f of findings) {
      const fRange = rangeOfFinding(f);
      if (!fRange.intersection(range) && !fRange.contains(range)) continue;
      const diagnostic = ours.find((d) => d.range.isEqual(fRange) && codeOf(d) === f.rule);
      actions.push(...this.fixesFor(document, f, diagnostic));
      const learn = new vscode.CodeAction(`Learn more about ${f.rule}`, vscode.CodeActionKind.QuickFix);
      learn.command = { title: learn.title, command: OPEN_RULE_DOCS_COMMAND, arguments: [f.rule] };
      if (diagnostic) learn.diagnostics = [diagnostic];
      actions.push(learn);
    }
    return actions;
  }

  private fixesFor(
    document: vscode.TextDocument,
    f: Finding,
    diagnostic: vscode.Diagnostic | undefined,
  ): vscode.CodeAction[] {
    return f.fixes.map((fix, i) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits)
        edit.replace(
          document.uri,
          new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)),
          e.newText,
        );
      action.edit = edit;
      action.isPreferred = i === 0;
      if (diagnostic) action.diagnostics = [diagnostic];
      return action;
    });
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (typeof c === 'object' && c !== null) return String(c.value);
  return c === undefined ? undefined : String(c);
}
