// A page object for the VS Code web workbench, driven like a person would: activity bar, command palette,
// QuickPick, tree rows, editor, Problems panel. Every wait is on something visible, never on a fixed delay.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { artifactsDir } from './paths';

export const CHROMIUM = process.env.S3ENC_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches Debian's chromium, or fails saying how to get it. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new Error(
      `Cannot start Chromium at ${CHROMIUM} (${(err as Error).message.split('\n')[0]}). ` +
        'Install it with `apt-get install -y chromium` (see tools/debian-packages.txt) or set S3ENC_CHROMIUM.',
      { cause: err },
    );
  }
}

/**
 * Every command and menu entry the scenarios used, as "<where>:<title>" (where: palette, view/title,
 * view/item/context, view/item/context-inline, explorer/context) or "command:<id>" for rows and code
 * actions. The coverage scenario compares it with package.json's contributions.
 */
export const invoked = new Set<string>();

/**
 * True once the side bar's tree has not changed for `ms` and no row is still being read or classified. It
 * watches the side bar with a MutationObserver (installed on first use).
 */
const TREE_QUIET_JS = `(ms) => {
  const w = window;
  if (!w.__s3encTreeWatch) {
    w.__s3encTreeLast = Date.now();
    w.__s3encTreeWatch = new MutationObserver(() => { w.__s3encTreeLast = Date.now(); });
    w.__s3encTreeWatch.observe(document.querySelector('.part.sidebar'), {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-expanded'],
    });
  }
  const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row')];
  const busy = rows.some((r) => /classifying…|reading encryption…/.test(r.textContent || ''));
  return !busy && Date.now() - w.__s3encTreeLast >= ms;
}`;

export class Workbench {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string): Promise<Workbench> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The status bar is drawn once the workbench has restored its parts.
    await page.locator('.part.statusbar').waitFor();
    const wb = new Workbench(page);
    await wb.widenSideBar(560);
    return wb;
  }

  /** Drags the side bar's edge so tree descriptions are readable in screenshots. */
  async widenSideBar(width: number): Promise<void> {
    const bar = await this.page.locator('.part.sidebar').boundingBox();
    if (!bar || bar.width >= width) return;
    const edge = bar.x + bar.width;
    const y = bar.y + bar.height / 2;
    await this.page.mouse.move(edge - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(bar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Saves artifacts/e2e/<step>.png. */
  async screenshot(step: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${step}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Rows currently shown in the QuickPick list. */
  get quickPickRows(): Locator {
    return this.quickInput.locator('.quick-input-list .monaco-list-row');
  }

  /** Opens the command palette and runs the command whose title matches. */
  async runCommand(title: string | RegExp): Promise<void> {
    await this.openQuickInput('>');
    const text = typeof title === 'string' ? title : title.source.replace(/[\\^$.*+?()[\]{}|]/g, '');
    await this.page.keyboard.type(text);
    const row = this.quickPickRows.filter({ hasText: title }).first();
    await row.waitFor();
    invoked.add(`palette:${((await row.locator('.label-name').first().textContent()) ?? '').trim()}`);
    await row.click();
  }

  /**
   * Moves the pointer to an empty spot of the activity bar. A hover card opens where the pointer rests (on the
   * row just clicked) and may cover the next row to click: Playwright then waits for a target it never gets.
   */
  async pointerAway(): Promise<void> {
    await this.page.mouse.move(20, 600);
  }

  /**
   * Right-clicks a tree row and runs the context-menu entry with that title; `screenshot` saves the open menu
   * with the entry highlighted, just before it is chosen. The row is selected first, as a person's click does:
   * an entry chosen while VS Code re-reads the tree acts on the selected row (the extension's fallback).
   */
  async contextMenu(row: Locator, title: string, opts: { where?: string; screenshot?: string } = {}): Promise<void> {
    const where = opts.where ?? 'view/item/context';
    await this.pointerAway();
    await this.treeQuiet();
    if (where === 'view/item/context') await this.select(row);
    await row.locator('.label-name').first().click({ button: 'right' });
    // The accessible name may carry more than the title (e.g. a keybinding): match its start.
    const item = this.page
      .getByRole('menuitem', { name: new RegExp(`^${title.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`) })
      .first();
    await item.waitFor();
    invoked.add(`${where}:${title}`);
    // VS Code ignores a click that lands right after the menu opened (the right-click's own mouse-up); a
    // person points at the entry, sees it highlighted, then chooses it: hover, then Enter on the highlight.
    await item.hover();
    await this.contextMenuBox.locator('.action-item.focused', { hasText: title }).first().waitFor();
    if (opts.screenshot) await this.screenshot(opts.screenshot);
    await this.page.keyboard.press('Enter');
    await item.waitFor({ state: 'hidden' });
  }

  /**
   * Selects a tree row with a click on its label (the e2e settings make a click select without folding:
   * `workbench.tree.expandMode` is `doubleClick`, so the twistie folds). A click that lands while VS Code
   * redraws the row is lost, as a person sees: nothing happens, so they click again.
   */
  async select(row: Locator): Promise<void> {
    const selected = row.and(this.page.locator('[aria-selected="true"]'));
    for (let attempt = 1; ; attempt++) {
      await row.locator('.label-name').first().click();
      const ok = await selected.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (attempt === 3) await selected.waitFor(); // fails with the locator in the message
    }
    await this.pointerAway();
  }

  /**
   * Waits until the side bar's tree is quiet. Each classification result redraws its folder's rows; a context
   * menu open while its row is redrawn closes, or runs its command without the row (the command then asks for
   * a bucket): a person sees the tree settle before right-clicking, and so does the helper.
   */
  async treeQuiet(): Promise<void> {
    await this.page.waitForFunction(TREE_QUIET_JS, 500, { polling: 100 });
  }

  /** The open context menu (for screenshots before choosing). */
  get contextMenuBox(): Locator {
    return this.page.locator('.context-view .monaco-menu');
  }

  /** Clicks an inline action button shown on a hovered tree row (selected first, like contextMenu). */
  async inlineAction(row: Locator, title: string): Promise<void> {
    await this.pointerAway();
    await this.treeQuiet();
    await this.select(row);
    await row.hover();
    const button = row.locator(`.actions .action-label[aria-label="${title}"]`);
    await button.waitFor();
    invoked.add(`view/item/context-inline:${title}`);
    await button.click();
  }

  /** Clicks a button in a side-bar view's title bar (shown when the view is hovered). */
  async viewTitleAction(view: string, title: string): Promise<void> {
    const header = this.page.locator('.part.sidebar .pane-header', { hasText: view }).first();
    await this.pointerAway();
    await header.hover();
    const button = header.locator(`.actions .action-label[aria-label="${title}"]`);
    await button.waitFor();
    invoked.add(`view/title:${title}`);
    await button.click();
  }

  /** A notification toast whose text matches. */
  toast(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast', { hasText: text });
  }

  /** Quick Open: types a file name and opens the first match. */
  async openFile(name: string): Promise<void> {
    await this.openQuickInput('');
    await this.page.keyboard.type(name);
    await this.pickRow(name);
    await this.page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
  }

  private async openQuickInput(prefix: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const box = this.quickInput.locator('input.input');
    await box.waitFor();
    await box.fill(prefix);
  }

  /** Waits for a QuickPick row whose text matches, then clicks it. */
  async pickRow(label: string | RegExp): Promise<void> {
    const row = this.quickPickRows.filter({ hasText: label }).first();
    await row.waitFor();
    await row.click();
  }

  /** Clicks the activity bar entry with that title and waits for its side bar. */
  async openViewContainer(title: string): Promise<void> {
    const shown = this.page.locator('.part.sidebar .composite.title', { hasText: title }).first();
    // A click on the icon of the container already shown would hide the side bar.
    if (!(await shown.isVisible()))
      await this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).click();
    await shown.waitFor();
  }

  /** A row of a tree view in the side bar, by its label text. */
  treeRow(label: string | RegExp): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: label }),
    });
  }

  /** Expands a collapsed tree row with a click on its twistie. */
  async expand(row: Locator): Promise<void> {
    await this.setExpanded(row, true);
  }

  /** Folds or unfolds a tree row with a click on its twistie (a click elsewhere only selects it). */
  async setExpanded(row: Locator, expanded: boolean): Promise<void> {
    await row.waitFor();
    await this.pointerAway();
    if ((await row.getAttribute('aria-expanded')) !== String(expanded)) await row.locator('.monaco-tl-twistie').click();
    await row.and(this.page.locator(`[aria-expanded="${expanded}"]`)).waitFor();
  }

  /**
   * Waits until TypeScript's language service has finished analysing the open file (its status bar item
   * "Analyzing '…' and its dependencies" is gone). Until then the editor's quick-fix requests wait on it, and
   * on a loaded machine a hover or Ctrl+. asked meanwhile shows "Checking for quick fixes…" or none at all.
   */
  async languageServiceIdle(): Promise<void> {
    await this.page
      .locator('.part.statusbar .statusbar-item', { hasText: /Analyzing '.*' and its dependencies/ })
      .first()
      .waitFor({ state: 'hidden', timeout: 120_000 });
  }

  /** Shows the Problems panel and returns its rows. */
  async problems(): Promise<Locator> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel.locator('.monaco-list-row');
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
