// package.json and the code agree: every transfer / bucket / key command contributed is registered (and the
// other way round), menus only name contributed commands, and every setting the code reads is declared.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MANDATORY_MODES } from '../../src/core/encryption/modes';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: Array<{ command: string }>;
    menus: Record<string, Array<{ command: string }>>;
    configuration: { properties: Record<string, unknown> };
  };
};
const sources = ['src/vscode/transfers', 'src/vscode/keystore']
  .flatMap((d) => readdirSync(join(root, d)).map((f) => readFileSync(join(root, d, f), 'utf8')))
  .join('\n');
const OURS = /^s3enc\.(transfers|bucket|keys)\./;

describe('transfer contributions in package.json', () => {
  const contributed = pkg.contributes.commands.map((c) => c.command).filter((c) => OURS.test(c));
  const registered = [...sources.matchAll(/'(s3enc\.(?:transfers|bucket|keys)\.[A-Za-z]+)': /g)].map((m) => m[1]);

  it('contributes exactly the commands the code registers', () => {
    assert.deepEqual([...contributed].sort(), [...new Set(registered)].sort());
  });

  it('menus reference only contributed commands', () => {
    const all = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
      for (const item of items)
        if (OURS.test(item.command)) assert.ok(all.has(item.command), `${menu}: ${item.command}`);
    }
  });

  it('the mandatory-modes setting offers exactly the modes of the mode table', () => {
    const setting = pkg.contributes.configuration.properties['s3enc.transfers.mandatoryModes'] as {
      items: { properties: { mode: { enum: string[] } } };
    };
    assert.deepEqual(setting.items.properties.mode.enum, [...MANDATORY_MODES]);
  });

  it('declares every s3enc.transfers setting the code reads', () => {
    const read = [...sources.matchAll(/c\.get<[^>]+>\('([A-Za-z]+)'/g)].map((m) => `s3enc.transfers.${m[1]}`);
    assert.ok(read.length >= 5);
    for (const key of read) assert.ok(key in pkg.contributes.configuration.properties, key);
  });
});
