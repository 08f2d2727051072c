// The TreeDataProvider adapter: the model decides what the nodes are; this maps them to TreeItems and
// turns the model's change events into onDidChangeTreeData.
import * as vscode from 'vscode';
import type { ExplorerModel } from './model/explorer-model';
import { connectionNodeId, type ExplorerNode } from './model/nodes';
import { presentNode } from './model/presentation';
import { RefreshCoalescer } from './model/refresh-coalescer';

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly unsubscribe: () => void;
  private readonly coalescer = new RefreshCoalescer<ExplorerNode>((nodes) => this.changed.fire(nodes));
  /** Extra text for bucket nodes, set by other features (the audit's last summary). */
  bucketNote?: (connectionId: string, bucket: string) => string | undefined;

  constructor(private readonly model: ExplorerModel) {
    this.unsubscribe = model.onDidChange((node) => this.coalescer.changed(node));
  }

  getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.coalescer.track(() => this.model.getChildren(element));
  }

  /** Parents of buckets only (their connection): enough for revealing a bucket from other features. */
  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.kind === 'bucket' ? this.model.findContainer(connectionNodeId(node.connectionId)) : undefined;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const p = presentNode(
      node,
      (n) => this.model.stateOf(n),
      (n) => this.model.countsUnder(n),
    );
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
