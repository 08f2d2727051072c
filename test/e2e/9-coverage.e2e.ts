// Runs last: every command and every menu entry package.json contributes was used by some browser
// scenario above, the way a person reaches it (palette, view title, context menu, inline button, a row
// click or a code action). A new command without a scenario fails here, naming it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/paths';
import { invoked } from './support/workbench';

interface Contributes {
  commands: { command: string; title: string; category?: string }[];
  menus: Record<string, { command: string; when?: string; group?: string }[]>;
}

function contributions(): Contributes {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: Contributes }).contributes;
}

describe('coverage: every contributed command and menu entry was used', () => {
  it('every command ran from the palette, a menu, a row or a code action', () => {
    const { commands } = contributions();
    const missing = commands.filter((c) => {
      const titles = [`palette:${c.category ? `${c.category}: ` : ''}${c.title}`];
      const anyMenu = [...invoked].some((i) => i.endsWith(`:${c.title}`) && !i.startsWith('palette:'));
      return !anyMenu && !titles.some((t) => invoked.has(t)) && !invoked.has(`command:${c.command}`);
    });
    assert.deepEqual(
      missing.map((c) => c.command),
      [],
      `commands no scenario used; used: ${[...invoked].sort().join(', ')}`,
    );
  });

  it('every visible menu entry was clicked at least once', () => {
    const { commands, menus } = contributions();
    const titleOf = new Map(commands.map((c) => [c.command, c.title]));
    const missing: string[] = [];
    for (const [menu, entries] of Object.entries(menus)) {
      if (menu === 'commandPalette') continue; // only hides commands from the palette
      for (const e of entries) {
        const where = menu === 'view/item/context' && e.group?.startsWith('inline') ? 'view/item/context-inline' : menu;
        const key = `${where}:${titleOf.get(e.command)}`;
        if (!invoked.has(key)) missing.push(`${key} (${e.command}, when ${e.when ?? 'always'})`);
      }
    }
    assert.deepEqual(missing, [], 'menu entries no scenario clicked');
  });
});
