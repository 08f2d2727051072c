// Activation only wires things together: one context object, then each feature registers itself.
import * as vscode from 'vscode';
import { createContext, type Ctx } from './ctx';
import { registerExplorer } from './explorer/register';
import { registerTransfers } from './transfers/register';
import { registerDiagnostics } from './diagnostics/register';

/** What activate() returns: the shared services, so extension-host integration tests can inspect them. */
export interface ExtensionApi {
  services: Ctx['services'];
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = Date.now();
  const ctx = createContext(context);
  registerExplorer(ctx);
  registerTransfers(ctx);
  registerDiagnostics(ctx);
  ctx.log(`activated in ${Date.now() - started} ms`);
  return { services: ctx.services };
}

export function deactivate(): void {
  // Disposables registered on the context are disposed by VS Code.
}
