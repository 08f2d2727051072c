// Activation only wires things together: one context object, then each feature registers itself.
import * as vscode from 'vscode';
import { createContext } from './ctx';
import { registerExplorer } from './explorer/register';
import { registerTransfers } from './transfers/register';
import { registerDiagnostics } from './diagnostics/register';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const ctx = createContext(context);
  registerExplorer(ctx);
  registerTransfers(ctx);
  registerDiagnostics(ctx);
  ctx.log(`activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Disposables registered on the context are disposed by VS Code.
}
