// The TreeDataProvider adapter: the model decides what the nodes are; this maps them to TreeItems and
// turns the model's change events into onDidChangeTreeData. A refresh of a row with children makes VS Code
// forget those children until it fetches them again (a menu entry chosen on one of them meanwhile arrives
// without its row), so a container is refreshed only when its children changed or its row looks different.
import * as vscode from 'vscode';
import type { ExplorerModel } from './model/explorer-model';
import { connectionNodeId, isContainer, type ExplorerNode } from './model/nodes';
import { presentNode, type NodePresentation } from './model/presentation';
import { RefreshCoalescer } from './model/refresh-coalescer';

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;
  private readonly coalescer = new RefreshCoalescer<ExplorerNode>((nodes) => this.changed.fire(nodes), {
    hasChildren: isContainer,
  });
  /** How each container row was last handed to VS Code (by node id). */
  private readonly shown = new Map<string, string>();
  /** Extra text for bucket nodes, set by other features (the audit's last summary). */
  bucketNote?: (connectionId: string, bucket: string) => string | undefined;

  constructor(private readonly model: ExplorerModel) {
    this.unsubscribe = model.onDidChange((node, scope) => {
      if (scope === 'row' && node && isContainer(node) && this.shown.get(node.id) === this.looks(node)) return;
      this.coalescer.changed(node);
    });
  }

  getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.coalescer.track(() => this.model.getChildren(element), element);
  }

  /** Resolves once VS Code holds every row the tree shows again (see RefreshCoalescer.whenSettled). */
  settled(): Promise<void> {
    return this.coalescer.whenSettled();
  }

  /** The contextValue a node's row has (what menu `when` clauses test as viewItem). */
  contextValueOf(node: ExplorerNode): string {
    return this.present(node).contextValue;
  }

  private present(node: ExplorerNode): NodePresentation {
    return presentNode(
      node,
      (n) => this.model.stateOf(n),
      (n) => this.model.countsUnder(n),
    );
  }

  private looks(node: ExplorerNode, p = this.present(node)): string {
    const note = node.kind === 'bucket' ? this.bucketNote?.(node.connectionId, node.bucket) : undefined;
    return JSON.stringify([p.label, p.description, p.tooltip, p.icon, p.contextValue, note]);
  }

  /** Parents of buckets only (their connection): enough for revealing a bucket from other features. */
  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.kind === 'bucket' ? this.model.findContainer(connectionNodeId(node.connectionId)) : undefined;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const p = this.present(node);
    if (isContainer(node)) this.shown.set(node.id, this.looks(node, p));
    const item = new vscode.TreeItem(
      p.label,
      p.collapsible === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = p.id;
    item.description = p.description;
    const note = node.kind === 'bucket' ? this.bucketNote?.(node.connectionId, node.bucket) : undefined;
    if (note) item.description = [p.description, note].filter(Boolean).join(' · ');
    if (p.tooltip) {
      const md = new vscode.MarkdownString(note ? `${p.tooltip}\n- Last ${note}` : p.tooltip);
      md.supportThemeIcons = true;
      item.tooltip = md;
    }
    if (p.icon)
      item.iconPath = new vscode.ThemeIcon(p.icon.id, p.icon.color ? new vscode.ThemeColor(p.icon.color) : undefined);
    item.contextValue = p.contextValue;
    if (p.command) item.command = { command: p.command.id, title: p.command.title, arguments: [node] };
    return item;
  }

  dispose(): void {
    this.unsubscribe();
    this.coalescer.dispose();
    this.changed.dispose();
  }
}
