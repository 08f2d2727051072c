// Diagnostics on a fixture source file in a real editor, and the http→https quick fix applied through
// vscode.executeCodeActionProvider, the same path the lightbulb uses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, waitFor, workspaceRoot } from './helpers';

const RULE = 's3-http-endpoint';

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' ? String(c.value) : c === undefined ? undefined : String(c);
}

function ruleDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === RULE);
}

describe('diagnostics and quick fix', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await activatedExtension();
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'src', 'storage.ts'));
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    // Leave the fixture as it was for whatever runs next in this window.
    if (doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it(`flags the plain-http S3 endpoint with ${RULE} on the URL`, async () => {
    const [d] = await waitFor(`a ${RULE} diagnostic`, () => {
      const found = ruleDiagnostics(doc.uri);
      return found.length ? found : undefined;
    });
    assert.match(doc.getText(d.range), /http:\/\/s3\.eu-west-1\.amazonaws\.com/);
    assert.ok(d.severity <= vscode.DiagnosticSeverity.Warning, 'plain HTTP to S3 should be at least a warning');
  });

  it('offers the fix with just the cursor inside the URL (what Ctrl+. asks for)', async () => {
    const d = ruleDiagnostics(doc.uri)[0];
    assert.ok(d, 'no diagnostic to fix');
    const inside = d.range.start.translate(0, 5);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(inside, inside),
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.ok(
      actions.some((a) => /https/i.test(a.title)),
      `no https fix at the cursor; got: ${actions.map((a) => a.title).join(' | ') || 'nothing'}`,
    );
  });

  it('offers a quick fix that switches to https:// and clears the diagnostic', async () => {
    const d = ruleDiagnostics(doc.uri)[0];
    assert.ok(d, 'no diagnostic to fix');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => /https/i.test(a.title) && a.edit);
    assert.ok(fix?.edit, `no https quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /endpoint: 'https:\/\/s3\.eu-west-1\.amazonaws\.com'/);
    await waitFor(`the ${RULE} diagnostic to clear`, () => (ruleDiagnostics(doc.uri).length === 0 ? true : undefined));
  });

  it('closing the fixed file with "Don\'t Save" brings the findings of the file on disk back', async () => {
    assert.ok(doc.isDirty, 'the previous test leaves the quick fix unsaved');
    assert.equal(ruleDiagnostics(doc.uri).length, 0);
    await vscode.window.showTextDocument(doc);
    // What "Don't Save" does: revert the unsaved edits and close the editor.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(`the ${RULE} diagnostic of the file on disk`, () =>
      ruleDiagnostics(doc.uri).length === 1 ? true : undefined,
    );
  });
});
