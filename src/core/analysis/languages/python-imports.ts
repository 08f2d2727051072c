// Other files of the workspace a Python file imports from by name: clients made there (`from .clients import s3`)
// and settings objects defined there (`from .config import settings`, Django's `from django.conf import settings`
// read from the project's settings.py). Only files that send SSE-C need them: the transport of those calls is
// the question. What comes from another file links transport here; it is reported in its own file.
import { dirname, join, basename } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import type { ModuleFiles } from '../module-files';
import type { FileFacts, Range, Value } from '../types';
import { importClients, type ImportedName } from './imported-clients';
import { PythonValues, type ImportedValues } from './python-values';
import { nodesOfTypes, parseBounded, rangeOf, type SyntaxNode } from './tree-sitter';

type MakeFacts = (root: SyntaxNode, text: string) => { collect(): FileFacts };

interface Binding extends ImportedName {
  /** Files that may define the module, in the order Python would find them. */
  candidates: string[];
  /** `from django.conf import settings`: the names are the settings module's top-level constants. */
  django?: boolean;
  /** `from app import config` / `import config`: the name may be a module whose top-level constants are its members. */
  submodule?: string[];
}

/** Candidate files for `from <module> import ...` seen from `dir`: relative dots, or a package path from an ancestor. */
function modulePaths(dir: string, module: string): string[] {
  const dots = /^\.*/.exec(module)![0].length;
  const parts = module.slice(dots).split('.').filter(Boolean);
  const bases: string[] = [];
  if (dots) {
    let base = dir;
    for (let i = 1; i < dots; i++) base = dirname(base);
    bases.push(base);
  } else {
    for (let base = dir, i = 0; i < 4; i++, base = dirname(base)) bases.push(base);
  }
  return bases.flatMap((b) => [join(b, ...parts) + '.py', join(b, ...parts, '__init__.py')]);
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")` in manage.py / wsgi.py / asgi.py. */
const SETTINGS_MODULE = /DJANGO_SETTINGS_MODULE['"]?\s*[,=:]\s*f?['"]([\w.]+)['"]/;

/**
 * Where a Django project keeps its settings, seen from an app's file: first the module its manage.py names
 * (`DJANGO_SETTINGS_MODULE`), then the usual places (`<project>/<project>/settings.py` and kin).
 */
function djangoSettingsPaths(dir: string, module: ModuleFiles): string[] {
  const out: string[] = [];
  for (let base = dir, i = 0; i < 4; i++, base = dirname(base)) {
    const named = SETTINGS_MODULE.exec(module.read(join(base, 'manage.py')) ?? '')?.[1];
    if (named) out.unshift(join(base, ...named.split('.')) + '.py', join(base, ...named.split('.'), '__init__.py'));
  }
  for (let base = dir, i = 0; i < 3; i++, base = dirname(base)) {
    out.push(
      join(base, 'settings.py'),
      join(base, basename(base), 'settings.py'),
      join(base, 'config', 'settings.py'),
      join(base, 'settings', 'base.py'),
    );
  }
  return out;
}

export class PythonImports implements ImportedValues {
  private readonly parsed = new Map<string, { tree: TreeSitter.Tree; text: string; values?: PythonValues } | null>();
  private tag = 0;

  private constructor(
    private readonly parser: TreeSitter.Parser,
    private readonly module: ModuleFiles,
    private readonly bindings: Binding[],
    private readonly makeFacts: MakeFacts,
  ) {}

  static open(
    parser: TreeSitter.Parser,
    root: SyntaxNode,
    text: string,
    path: string,
    module: ModuleFiles | undefined,
    makeFacts: MakeFacts,
  ): PythonImports | undefined {
    if (!module || !/SSECustomer/.test(text)) return undefined;
    const bindings: Binding[] = [];
    for (const st of nodesOfTypes(root, ['import_from_statement'])) {
      const from = st.childForFieldName('module_name')?.text;
      if (!from) continue;
      for (const n of st.childrenForFieldName('name')) {
        if (!n) continue;
        const exported = n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? '') : n.text;
        const local = n.type === 'aliased_import' ? (n.childForFieldName('alias')?.text ?? exported) : exported;
        const django = from === 'django.conf' && exported === 'settings';
        const candidates = django ? djangoSettingsPaths(dirname(path), module) : modulePaths(dirname(path), from);
        const submodule = django ? undefined : modulePaths(dirname(path), `${from.replace(/\.$/, '')}.${exported}`);
        bindings.push({ local, exported, range: rangeOf(st), candidates, django, submodule });
      }
    }
    // `import config` / `import app.config as config`: a module read for its top-level constants.
    for (const st of nodesOfTypes(root, ['import_statement'])) {
      for (const n of st.childrenForFieldName('name')) {
        const dotted = n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text;
        const local = n?.type === 'aliased_import' ? n.childForFieldName('alias')?.text : dotted;
        if (!dotted || !local || local.includes('.')) continue;
        const submodule = modulePaths(dirname(path), dotted);
        bindings.push({ local, exported: local, range: rangeOf(st), candidates: [], submodule });
      }
    }
    return bindings.length ? new PythonImports(parser, module, bindings, makeFacts) : undefined;
  }

  private file(candidates: string[]): { tree: TreeSitter.Tree; text: string; values?: PythonValues } | undefined {
    for (const path of candidates) {
      if (this.parsed.has(path)) return this.parsed.get(path) ?? undefined;
      const text = this.module.read(path);
      if (text === undefined) continue;
      let entry: { tree: TreeSitter.Tree; text: string } | null = null;
      try {
        entry = { tree: parseBounded(this.parser, text), text };
      } catch {
        // an imported file over its parse budget is simply not followed
      }
      this.parsed.set(path, entry);
      return entry ?? undefined;
    }
    return undefined;
  }

  /** Clients the imported names hold, copied in (see imported-clients.ts). */
  addClients(facts: FileFacts): void {
    const byFile = new Map<string, Binding[]>();
    for (const b of this.bindings) {
      if (b.django || !b.candidates.length) continue;
      const key = b.candidates.join('|');
      byFile.set(key, [...(byFile.get(key) ?? []), b]);
    }
    for (const names of byFile.values()) {
      const file = this.file(names[0].candidates);
      if (!file) continue;
      importClients(facts, this.makeFacts(file.tree.rootNode, file.text).collect(), names, String(this.tag++));
    }
  }

  member(name: string, path: string[]): Value | undefined {
    const b = this.bindings.find((x) => x.local === name);
    if (!b) return undefined;
    const module = b.submodule && this.file(b.submodule);
    const file = module || this.file(b.candidates);
    if (!file) return undefined;
    file.values ??= new PythonValues(file.tree.rootNode, file.text);
    const whole = b.django || module;
    const v = whole
      ? path.length
        ? file.values.settings.exported(path[0], path.slice(1))
        : undefined
      : file.values.settings.exported(b.exported, path);
    return v ? this.moved(v, b.range) : undefined;
  }

  /** A value from another file, placed on the import: it says what the transport is, never where to report. */
  private moved(v: Value, at: Range): Value {
    return {
      str: v.str,
      bool: v.bool,
      prefix: v.prefix,
      external: v.external,
      enumName: v.enumName,
      range: at,
      elsewhere: true,
    };
  }

  close(): void {
    for (const entry of this.parsed.values()) entry?.tree.delete();
    this.parsed.clear();
  }
}
