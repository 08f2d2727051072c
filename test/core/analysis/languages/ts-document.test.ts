// Typing in a TypeScript/JavaScript file: after any sequence of keystrokes the editor's (incremental) analysis
// reports exactly what a fresh analysis of the same text reports, positions and quick fixes included; and a
// keystroke inside one top-level statement re-parses that statement only.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts = require('typescript');
import { Analyzer } from '../../../../src/core/analysis/engine';
import { end, start, TsDocuments } from '../../../../src/core/analysis/languages/ts-document';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'lint');

function scriptFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return scriptFixtures(p);
    return /\.[cm]?[jt]sx?$/.test(name) ? [p] : [];
  });
}

// Characters whose insertion or removal changes statement boundaries, plus ordinary typing.
const KEYS = ['x', 'x', 'x', ' ', '\n', ';', '{', '}', '(', ')', "'", '"', '`', '/', '*', ',', '.', '=', '1'];

describe('incremental TypeScript analysis (editor keystrokes)', function () {
  this.timeout(300_000);

  it('after every keystroke, reports what a fresh analysis of the same text reports', async () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const files = scriptFixtures(FIXTURES);
    assert.ok(files.length >= 10, `TS/JS fixtures found: ${files.length}`);
    let compared = 0;
    let withFindings = 0;
    for (const file of files) {
      const editor = new Analyzer();
      let text = readFileSync(file, 'utf8');
      await editor.analyze(file, text);
      for (let i = 0; i < 40; i++) {
        const at = rand(text.length + 1);
        // Mostly type a character; sometimes delete one, sometimes undo a whole word.
        const op = rand(10);
        if (op < 6) text = text.slice(0, at) + KEYS[rand(KEYS.length)] + text.slice(at);
        else if (op < 9) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + text.slice(at + 1 + rand(12));
        const incremental = await editor.analyze(file, text);
        const fresh = await new Analyzer().analyze(file, text);
        assert.deepEqual(incremental, fresh, `${file}, keystroke ${i + 1} at offset ${at}`);
        compared++;
        if (fresh.findings.length) withFindings++;
      }
    }
    // The comparison is only worth something if the texts kept producing findings while being edited.
    assert.ok(withFindings > compared / 2, `${withFindings} of ${compared} edited texts had findings`);
  });

  it('a keystroke inside a function re-parses that function only; positions stay exact', () => {
    const fns = Array.from(
      { length: 50 },
      (_, i) => `export function f${i}(s: string): string {\n  return \`item-${i}\` + s;\n}\n`,
    );
    const before = fns.join('\n');
    const docs = new TsDocuments();
    const a = docs.get('big.ts', before);
    const at = before.indexOf('`item-20') + 1;
    const after = before.slice(0, at) + 'typed' + before.slice(at);
    const b = docs.get('big.ts', after);
    assert.equal(b.statements.length, a.statements.length);
    const replaced = b.statements.map((s, i) => s !== a.statements[i]);
    assert.deepEqual(
      replaced.flatMap((r, i) => (r ? [i] : [])),
      [20],
    );
    // Every statement's text, read through the document's offsets, is what the new text holds there.
    for (const s of b.statements) {
      assert.equal(after.slice(start(b, s), end(b, s)), s.getText());
      const name = (s as ts.FunctionDeclaration).name!;
      assert.equal(after.slice(start(b, name), end(b, name)), name.text);
    }
  });

  /** After the edit, the document's statements are where a whole-file parse puts them. */
  function assertParsesLikeWholeFile(text: string, edited: string): void {
    const docs = new TsDocuments();
    docs.get('x.ts', text);
    const doc = docs.get('x.ts', edited);
    const whole = ts.createSourceFile('x.ts', edited, ts.ScriptTarget.Latest, true);
    assert.deepEqual(
      doc.statements.map((s) => [ts.SyntaxKind[s.kind], start(doc, s), end(doc, s)]),
      whole.statements.map((s) => [ts.SyntaxKind[s.kind], s.getStart(), s.end]),
    );
  }

  it('an edit that ends a statement early (an unbalanced brace) is parsed as the whole file would be', () => {
    const text = `function a() {\n  return 1;\n}\nfunction b() {\n  return 2;\n}\n`;
    const at = text.indexOf('return 1');
    assertParsesLikeWholeFile(text, text.slice(0, at) + '}' + text.slice(at));
  });

  it('an edit that lets the next line continue the statement (`=> {}` becomes `> {}` before `(g)()`) is too', () => {
    const text = `const f = (a) => {}\n(g)();\nconst h = 1;\n`;
    const at = text.indexOf('=>');
    assertParsesLikeWholeFile(text, text.slice(0, at) + text.slice(at + 1));
  });
});
