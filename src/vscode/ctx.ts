// The context every command and provider receives: the extension context and one output channel. Services
// features offer each other are passed explicitly (see services.ts and main.ts), never through globals.
import * as vscode from 'vscode';
import { messageWithHint } from './hints';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** Logs a line. Never pass secrets: keys and secret access keys must not reach the output channel. */
  log: (message: string) => void;
  /**
   * Registers a command and its disposal. A failure is logged and shown to the user as an error message;
   * handlers throw typed errors whose messages are actionable and never contain key material.
   */
  // Handlers take the arguments VS Code passes (tree nodes, URIs...); each declares its own parameter types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  command(id: string, handler: (...args: any[]) => unknown): void;
  /**
   * Set by the explorer: a tree menu entry that reached its command without its row (VS Code was re-reading
   * the tree) gets the selected row instead, or the user is told (undefined: do not run).
   */
  rowFallback?: { argumentsFor(commandId: string, args: unknown[]): Promise<unknown[] | undefined> };
}

export function createContext(extension: vscode.ExtensionContext): Ctx {
  const output = vscode.window.createOutputChannel('S3 Encryption Explorer', { log: true });
  extension.subscriptions.push(output);
  const ctx: Ctx = {
    extension,
    output,
    log: (message) => output.info(message),
    command: (id, handler) => {
      const reported = async (...given: unknown[]): Promise<unknown> => {
        try {
          const args = ctx.rowFallback ? await ctx.rowFallback.argumentsFor(id, given) : given;
          if (!args) return undefined;
          if (args !== given) output.info(`${id}: chosen while the tree was refreshed; acting on the selected row`);
          return await handler(...args);
        } catch (err) {
          const e = err instanceof Error ? err : new Error(String(err));
          const message = messageWithHint(e);
          output.error(`${id} failed: ${e.name}: ${message}`);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
      };
      extension.subscriptions.push(vscode.commands.registerCommand(id, reported));
    },
  };
  return ctx;
}
