// The layer rules in eslint.config.mjs fire: src/core may not reach VS Code or the CLI, and the two front ends
// may not reach each other, whether by import, `export … from`, `import()` or `require()`. Each snippet is
// linted with the repository's real configuration, as if it were a file in that folder (type information off:
// the probe files do not exist, and the layer rules do not need types).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = join(__dirname, '..', '..');

async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('eslint layer rules', function () {
  this.timeout(120_000);

  const violations: Array<[string, string]> = [
    ['src/core/s3/layer-probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"],
    ['src/core/s3/layer-probe.ts', "import type { Ctx } from '../../vscode/ctx';\nexport type C = Ctx;\n"],
    ['src/core/analysis/layer-probe.ts', "export { main } from '../../cli/main';\n"],
    ['src/core/analysis/layer-probe.ts', "export const m = import('../../cli/main');\n"],
    ['src/core/analysis/layer-probe.ts', "export const m: unknown = require('vscode');\n"],
    ['src/cli/layer-probe.ts', "import { activate } from '../vscode/main';\nexport const a = activate;\n"],
    ['src/cli/commands/layer-probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"],
    ['src/vscode/layer-probe.ts', "import { main } from '../cli/main';\nexport const m = main;\n"],
  ];
  for (const [file, code] of violations) {
    it(`refuses in ${file}: ${code.split('\n')[0]}`, async () => {
      const errors = await layerErrors(file, code);
      assert.equal(errors.length, 1, `expected one layer error, got ${JSON.stringify(errors)}`);
      assert.match(errors[0], /docs\/architecture\.md/);
    });
  }

  it('allows what the layers permit: core from the front ends, @vscode/* packages, a core folder named like a layer', async () => {
    assert.deepEqual(
      await layerErrors('src/vscode/layer-probe.ts', "export { RULES } from '../core/analysis/rules';\n"),
      [],
    );
    assert.deepEqual(
      await layerErrors('src/cli/layer-probe.ts', "export { createS3Client } from '../core/s3/connection';\n"),
      [],
    );
    assert.deepEqual(
      await layerErrors('src/core/layer-probe.ts', "export type { Readable } from 'node:stream';\n"),
      [],
    );
    assert.deepEqual(await layerErrors('src/cli/layer-probe.ts', "export { createVSIX } from '@vscode/vsce';\n"), []);
    assert.deepEqual(
      await layerErrors('test/core/layer-probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"),
      [],
    );
  });
});
