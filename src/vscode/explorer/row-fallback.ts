// A tree menu entry (context menu or inline button) runs its command with the row it was chosen on: VS Code's
// extension host maps the row's handle back to our node. While VS Code re-reads a refreshed folder, the
// folder's rows have no handle, and an entry chosen on one of them then arrives with an empty first argument.
// The row is then the tree's selection, read once the tree has settled (the selection's handles resolve
// again by then) or after `maxWaitMs` at most: a tree that keeps redrawing (a big folder being classified) must
// not make the command wait unseen. If VS Code cannot map the selection yet, the rows last reported selected
// are used. When no selected row is one the entry is offered on, the user is told so plainly.
import type * as vscode from 'vscode';
import type { ExplorerNode } from './model/nodes';

interface MenuEntry {
  command: string;
  when?: string;
}

/** The test a menu `when` clause makes on the row's contextValue (`viewItem == x` or `viewItem =~ /re/`). */
export function viewItemTest(when: string): (contextValue: string) => boolean {
  const exact = /viewItem\s*==\s*'?([\w.-]+)'?/.exec(when);
  if (exact) return (cv) => cv === exact[1];
  const pattern = /viewItem\s*=~\s*\/(.+?)\/(?=\s*(?:&&|\|\||\)|$))/.exec(when);
  if (pattern) {
    const re = new RegExp(pattern[1]);
    return (cv) => re.test(cv);
  }
  return () => true;
}

export interface RowSource {
  /** Resolves once VS Code holds every row the tree shows again. */
  settled(): Promise<void>;
  contextValueOf(node: ExplorerNode): string;
}

export class RowFallback {
  /** Per command: the rows its menu entries are offered on. View-title entries are left out (no row there). */
  private readonly offeredOn = new Map<string, Array<(contextValue: string) => boolean>>();
  private readonly titles = new Map<string, string>();
  /** The rows VS Code last reported selected, kept while a redraw leaves `view.selection` unmapped. */
  private lastSelection: readonly ExplorerNode[] = [];
  private readonly selectionListener: vscode.Disposable | undefined;

  constructor(
    contributes: { menus?: Record<string, MenuEntry[]>; commands?: Array<{ command: string; title: string }> },
    viewId: string,
    private readonly view: Pick<vscode.TreeView<ExplorerNode>, 'selection'> &
      Partial<Pick<vscode.TreeView<ExplorerNode>, 'onDidChangeSelection'>>,
    private readonly rows: RowSource,
    /** Shows a warning (vscode.window.showWarningMessage). */
    private readonly warn: (message: string) => void,
    private readonly maxWaitMs = 2_000,
  ) {
    this.selectionListener = view.onDidChangeSelection?.((e) => (this.lastSelection = [...e.selection]));
    const titleBar = new Set((contributes.menus?.['view/title'] ?? []).map((e) => e.command));
    for (const e of contributes.menus?.['view/item/context'] ?? []) {
      if (titleBar.has(e.command) || !e.when?.includes(`view == ${viewId}`)) continue;
      const tests = this.offeredOn.get(e.command) ?? [];
      tests.push(viewItemTest(e.when));
      this.offeredOn.set(e.command, tests);
    }
    for (const c of contributes.commands ?? []) this.titles.set(c.command, c.title);
  }

  /**
   * The arguments to run `commandId` with: unchanged unless a menu entry of this tree reached it without its
   * row (a first argument present but empty); then the selected row it is offered on, or undefined (told).
   */
  async argumentsFor(commandId: string, args: unknown[]): Promise<unknown[] | undefined> {
    const tests = this.offeredOn.get(commandId);
    if (!tests || args.length === 0 || args[0] != null) return args;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.rows.settled(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.maxWaitMs))),
    ]);
    clearTimeout(timer);
    const offered = (n: ExplorerNode) => tests.some((t) => t(this.rows.contextValueOf(n)));
    const selection = this.view.selection;
    const row = (selection.length > 0 ? selection : this.lastSelection).find(offered);
    if (row) return [row, ...args.slice(1)];
    const title = this.titles.get(commandId) ?? commandId;
    this.warn(
      `"${title}" did not get its row: the S3 tree was being refreshed when it was chosen. Select the row and choose "${title}" again.`,
    );
    return undefined;
  }

  dispose(): void {
    this.selectionListener?.dispose();
  }
}
