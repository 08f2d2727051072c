// The "Encryption Legend" view beside the buckets: one row per icon the explorer uses, drawn by VS Code with
// the same ThemeIcon and ThemeColor, so it matches the tree in every theme.
import * as vscode from 'vscode';
import { legendSections, type LegendRow, type LegendSection } from './model/legend';

type Element = LegendSection | LegendRow;

export const LEGEND_VIEW_ID = 's3enc.legend';

export class LegendTreeProvider implements vscode.TreeDataProvider<Element> {
  private readonly sections = legendSections();

  getChildren(element?: Element): Element[] {
    if (!element) return this.sections;
    return 'rows' in element ? element.rows : [];
  }

  getTreeItem(element: Element): vscode.TreeItem {
    if ('rows' in element) {
      const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = element.id;
      return item;
    }
    const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    item.description = element.description;
    item.tooltip = element.tooltip;
    if (element.icon)
      item.iconPath = new vscode.ThemeIcon(
        element.icon.id,
        element.icon.color ? new vscode.ThemeColor(element.icon.color) : undefined,
      );
    return item;
  }
}
