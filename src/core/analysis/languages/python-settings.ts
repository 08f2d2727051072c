// Where Python programs keep settings, and the defaults that run unless someone configures otherwise: settings
// classes (pydantic `BaseSettings`, dataclasses, attrs, plain `Config` classes) and their instances, `self.x`
// fields, argparse `add_argument(..., default=...)`, click/typer option defaults, function parameter defaults,
// Flask's `app.config`, and environment readers with a default (`env.bool("X", default=False)`).
import type { Value } from '../types';
import { nodesOfTypes, type SyntaxNode } from './tree-sitter';
import type { PythonValues } from './python-values';

/** `Field(default=...)`, `field(default=...)`, `attr.ib(default=...)`, `typer.Option("http://...")`. */
const FIELD_FACTORIES = /^(Field|field|ib|attrib|Option)$/;
/** Of those, the ones whose first positional argument is the default. */
const POSITIONAL_DEFAULT = /^(Field|Option)$/;
const ARGPARSE = /(^|\.)(parse_args|parse_known_args)$/;

type Source = { cls: SyntaxNode; call?: SyntaxNode } | { argparse: true } | { imported: string; path: string[] };

const lastName = (callee: string) => callee.split('.').pop() ?? callee;

export class PythonSettings {
  private classIndex?: Map<string, SyntaxNode | null>;
  private argparseIndex?: Map<string, { node?: SyntaxNode; bool?: boolean } | null>;
  private configIndex?: Map<string, SyntaxNode | null>;
  /** Functions by name: module-level ones as `name`, methods as `<class start>:name` (first definition wins). */
  private functionIndex?: Map<string, SyntaxNode>;
  private readonly returns = new Map<number, SyntaxNode | null>();
  private readonly params = new Map<number, Array<{ name: string; node: SyntaxNode }>>();
  private readonly selfWrites = new Map<number, Map<string, SyntaxNode[]>>();

  constructor(private readonly v: PythonValues) {}

  private get classes(): Map<string, SyntaxNode | null> {
    if (!this.classIndex) {
      this.classIndex = new Map();
      for (const c of nodesOfTypes(this.v.root, ['class_definition'])) {
        const name = c.childForFieldName('name')?.text ?? '';
        this.classIndex.set(name, this.classIndex.has(name) ? null : c);
      }
    }
    return this.classIndex;
  }

  private classNamed(name: string): SyntaxNode | undefined {
    return this.classes.get(name) ?? undefined;
  }

  /** `obj.attr` where obj is a settings object this file (or an imported module) defines. */
  member(n: SyntaxNode, depth: number): Value | undefined {
    const obj = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute')?.text;
    return obj && attr ? this.memberOf(obj, attr, depth) : undefined;
  }

  /** The expression a class member holds (`self._client_kwargs` -> the dict assigned in `__init__`). */
  memberNode(n: SyntaxNode): SyntaxNode | undefined {
    const obj = n.childForFieldName('object');
    const attr = n.childForFieldName('attribute')?.text;
    const source = obj && attr ? this.source(obj, 1) : undefined;
    return source && 'cls' in source ? this.classMember(source.cls, attr!, 0) : undefined;
  }

  private functionNamed(name: string, cls?: SyntaxNode): SyntaxNode | undefined {
    if (!this.functionIndex) {
      this.functionIndex = new Map();
      for (const f of this.v.functions) {
        const fname = f.childForFieldName('name')?.text ?? '';
        const holder = f.parent?.type === 'decorated_definition' ? f.parent.parent : f.parent;
        const owner = holder?.type === 'block' ? holder.parent : undefined;
        const key =
          holder?.type === 'module'
            ? fname
            : owner?.type === 'class_definition'
              ? `${owner.startIndex}:${fname}`
              : undefined;
        if (key !== undefined && !this.functionIndex.has(key)) this.functionIndex.set(key, f);
      }
    }
    return this.functionIndex.get(cls ? `${cls.startIndex}:${name}` : name);
  }

  /** `self.upload_file(...)` inside a class that defines `upload_file` itself: the app's own method, not boto3's. */
  ownMethod(call: SyntaxNode): boolean {
    const fn = call.childForFieldName('function');
    const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    const name = fn?.childForFieldName('attribute')?.text;
    const cls = obj && /^(self|cls)$/.test(obj.text) ? this.enclosingClass(obj) : undefined;
    return !!cls && !!name && !!this.functionNamed(name, cls);
  }

  /** The class a node is written in, and its `__init__`. */
  classOf(n: SyntaxNode): { cls: SyntaxNode; init?: SyntaxNode } | undefined {
    const cls = this.enclosingClass(n);
    return cls ? { cls, init: this.functionNamed('__init__', cls) } : undefined;
  }

  /** Binds a function's parameters to a call's arguments (`self` skipped for methods and constructors). */
  bind(fn: SyntaxNode, call: SyntaxNode, method: boolean): Map<string, SyntaxNode> {
    const { names } = this.parameterNames(fn);
    const params = method && /^(self|cls)$/.test(names[0] ?? '') ? names.slice(1) : names;
    const out = new Map<string, SyntaxNode>();
    let i = 0;
    for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text;
        const value = a.childForFieldName('value');
        if (name && value) out.set(name, value);
      } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat' && i < params.length) out.set(params[i++], a);
    }
    return out;
  }

  memberOf(obj: SyntaxNode, attr: string, depth: number): Value | undefined {
    if (depth > 10) return undefined;
    const source = this.source(obj, depth + 1);
    if (!source) return undefined;
    if ('imported' in source) return this.v.imports?.member(source.imported, [...source.path, attr]);
    if ('argparse' in source) {
      const arg = this.argparse.get(attr);
      if (!arg) return undefined;
      return arg.node ? this.v.value(arg.node, depth + 1) : { range: { start: 0, end: 0 }, bool: arg.bool };
    }
    const override = source.call && this.v.keyword(source.call.childForFieldName('arguments'), attr);
    if (override) return this.v.value(override, depth + 1);
    const node = this.classMember(source.cls, attr, 0);
    return node ? this.v.value(node, depth + 1) : undefined;
  }

  /** `name.a.b` (or `name` alone) as this module defines it at top level: what another file imports. */
  exported(name: string, path: string[]): Value | undefined {
    const def = this.v.moduleConstant(name);
    if (!path.length) return def ? this.v.value(def) : undefined;
    const cls = this.classNamed(name);
    let source: Source | undefined = cls ? { cls } : def ? this.source(def, 1) : undefined;
    for (const [i, attr] of path.entries()) {
      if (!source || !('cls' in source)) return undefined;
      const override = source.call && this.v.keyword(source.call.childForFieldName('arguments'), attr);
      const node = override ?? this.classMember(source.cls, attr, 0);
      if (!node) return undefined;
      if (i === path.length - 1) return this.v.value(node);
      source = this.source(node, 1);
    }
    return undefined;
  }

  /** What kind of settings object an expression is: a class (or its instance), parsed arguments, an import. */
  private source(n: SyntaxNode, depth: number): Source | undefined {
    if (depth > 10) return undefined;
    switch (n.type) {
      case 'identifier': {
        if (n.text === 'self' || n.text === 'cls') {
          const cls = this.enclosingClass(n);
          return cls ? { cls } : undefined;
        }
        const cls = this.classNamed(n.text);
        if (cls) return { cls };
        const def = this.v.definitionOf(n);
        const defined = def ? this.source(def, depth + 1) : undefined;
        if (defined) return defined;
        const fn = this.v.functionOf(n);
        const annotated = fn ? this.parameterClass(fn, n.text) : undefined;
        if (annotated) return { cls: annotated };
        if (def) return undefined;
        if (fn && this.isParameter(fn, n.text)) return undefined;
        return this.v.imports ? { imported: n.text, path: [] } : undefined;
      }
      case 'call': {
        const callee = n.childForFieldName('function')?.text ?? '';
        if (ARGPARSE.test(callee)) return { argparse: true };
        const cls = this.classNamed(lastName(callee));
        if (cls) return { cls, call: n };
        // `settings = get_settings()` where get_settings returns `Settings()` (often behind @lru_cache), and
        // dependency injection that calls it for us: FastAPI `Depends(get_settings)`, `Provide(get_settings)`.
        const fn = n.childForFieldName('function');
        const injected = /^(Depends|Provide|Security)$/.test(lastName(callee))
          ? n.childForFieldName('arguments')?.namedChildren[0]
          : undefined;
        const factory = injected?.type === 'identifier' ? injected : fn;
        const made = factory?.type === 'identifier' ? this.returned(factory.text) : undefined;
        return made ? this.source(made, depth + 1) : undefined;
      }
      case 'attribute': {
        const obj = n.childForFieldName('object');
        const attr = n.childForFieldName('attribute')?.text;
        const inner = obj && attr ? this.source(obj, depth + 1) : undefined;
        if (inner && attr && 'imported' in inner) return { imported: inner.imported, path: [...inner.path, attr] };
        if (!inner || !attr || !('cls' in inner)) return undefined;
        const node = this.classMember(inner.cls, attr, 0);
        return node ? this.source(node, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The expression a module-level function returns (its first `return`), for factories of settings objects. */
  private returned(name: string): SyntaxNode | undefined {
    const fn = this.functionNamed(name);
    return fn && this.firstReturn(fn);
  }

  /** What a function returns when it has one `return` (with several, which one runs is not known here). */
  private firstReturn(fn: SyntaxNode): SyntaxNode | undefined {
    if (!this.returns.has(fn.id)) {
      const own = nodesOfTypes(fn, ['return_statement']).filter((x) => this.v.functionOf(x)?.id === fn.id);
      this.returns.set(fn.id, own.length === 1 ? (own[0].namedChildren[0] ?? null) : null);
    }
    return this.returns.get(fn.id) ?? undefined;
  }

  /** What a call of a function or method of this file returns: `build_extra(ct)`, `self._extra_args(ct)`. */
  returnedBy(call: SyntaxNode): { node: SyntaxNode; fn: SyntaxNode; method: boolean } | undefined {
    const fn = call.childForFieldName('function');
    const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    const name = fn?.childForFieldName('attribute')?.text;
    const cls = obj && name && /^(self|cls)$/.test(obj.text) ? this.enclosingClass(obj) : undefined;
    const def = fn?.type === 'identifier' ? this.functionNamed(fn.text) : cls && this.functionNamed(name!, cls);
    const node = def && this.firstReturn(def);
    return node && def ? { node, fn: def, method: !!cls } : undefined;
  }

  private enclosingClass(n: SyntaxNode): SyntaxNode | undefined {
    for (let p = n.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
    return undefined;
  }

  /**
   * A class's setting `attr`: a class-level assignment (`s3_endpoint_url: str = "http://..."`, with `Field(default=
   * ...)` and friends unwrapped), else the one `self.attr = ...` in its methods, else the same in a base class.
   */
  private classMember(cls: SyntaxNode, attr: string, depth: number): SyntaxNode | undefined {
    if (depth > 4) return undefined;
    for (const st of cls.childForFieldName('body')?.namedChildren ?? []) {
      const a = st?.type === 'expression_statement' ? st.namedChildren[0] : undefined;
      if (a?.type === 'assignment' && a.childForFieldName('left')?.text === attr) {
        const right = a.childForFieldName('right');
        return right ? this.unwrapField(right) : undefined;
      }
    }
    const writes = this.writesOfSelf(cls).get(attr) ?? [];
    if (writes.length === 1) return writes[0].childForFieldName('right') ?? undefined;
    if (writes.length > 1) return undefined;
    for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      const b = base?.type === 'identifier' ? this.classNamed(base.text) : undefined;
      const found = b && b.id !== cls.id ? this.classMember(b, attr, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** `self.x = ...` assignments in a class's own methods, by attribute. */
  private writesOfSelf(cls: SyntaxNode): Map<string, SyntaxNode[]> {
    let writes = this.selfWrites.get(cls.id);
    if (!writes) {
      writes = new Map();
      for (const a of nodesOfTypes(cls, ['assignment'])) {
        const left = a.childForFieldName('left');
        if (left?.type !== 'attribute' || left.childForFieldName('object')?.text !== 'self') continue;
        if (this.enclosingClass(a)?.id !== cls.id) continue;
        const attr = left.childForFieldName('attribute')?.text ?? '';
        writes.set(attr, [...(writes.get(attr) ?? []), a]);
      }
      this.selfWrites.set(cls.id, writes);
    }
    return writes;
  }

  /** `Field(default="http://...")`, `field(default=...)`, `attr.ib(default=...)`, `typer.Option("http://...")`. */
  unwrapField(n: SyntaxNode): SyntaxNode | undefined {
    if (n.type !== 'call') return n;
    const callee = lastName(n.childForFieldName('function')?.text ?? '');
    if (!FIELD_FACTORIES.test(callee)) return n;
    const args = n.childForFieldName('arguments');
    const named = this.v.keyword(args, 'default');
    if (named) return named;
    const first = args?.namedChildren[0];
    return POSITIONAL_DEFAULT.test(callee) && first && first.type !== 'keyword_argument' && first.type !== 'ellipsis'
      ? first
      : undefined;
  }

  private parameters(fn: SyntaxNode): Array<{ name: string; node: SyntaxNode }> {
    const known = this.params.get(fn.id);
    if (known) return known;
    const out: Array<{ name: string; node: SyntaxNode }> = [];
    this.params.set(fn.id, out);
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const name =
        p.type === 'identifier'
          ? p.text
          : (p.childForFieldName('name')?.text ?? p.namedChildren.find((c) => c?.type === 'identifier')?.text);
      if (name) out.push({ name, node: p });
    }
    return out;
  }

  /** Parameter names in order (`self` included), and which one collects `**kwargs`. */
  parameterNames(fn: SyntaxNode): { names: string[]; splat?: string } {
    const all = this.parameters(fn);
    return {
      names: all.filter((p) => !/splat_pattern$/.test(p.node.type)).map((p) => p.name),
      splat: all.find((p) => p.node.type === 'dictionary_splat_pattern')?.name,
    };
  }

  isParameter(fn: SyntaxNode, name: string): boolean {
    return this.parameters(fn).some((p) => p.name === name);
  }

  /** What a parameter is unless the caller passes it: its default, or the default of the click option feeding it. */
  parameterDefault(fn: SyntaxNode, name: string): SyntaxNode | undefined {
    const p = this.parameters(fn).find((q) => q.name === name)?.node;
    if (!p) return undefined;
    const value = p.childForFieldName('value');
    if (value) return this.unwrapField(value);
    return this.clickDefault(fn, name);
  }

  /** `@click.option("--endpoint-url", default="http://...")` on `def main(endpoint_url)`. */
  private clickDefault(fn: SyntaxNode, name: string): SyntaxNode | undefined {
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
    for (const d of decorated?.namedChildren ?? []) {
      const call = d?.type === 'decorator' ? d.namedChildren[0] : undefined;
      if (call?.type !== 'call' || !/(^|\.)option$/.test(call.childForFieldName('function')?.text ?? '')) continue;
      const args = call.childForFieldName('arguments');
      const names = (args?.namedChildren ?? [])
        .filter((a) => a?.type === 'string')
        .map((a) => this.v.value(a).str ?? '');
      const declared = names.find((s) => /^\w+$/.test(s));
      const long = names.find((s) => s.startsWith('--'))?.split('/')[0];
      const dest = declared ?? long?.replace(/^--/, '').replace(/-/g, '_').toLowerCase();
      if (dest === name) return this.v.keyword(args, 'default');
    }
    return undefined;
  }

  /** `target: Target` or `target: Optional[Target] = None`: a class of this file. */
  private parameterClass(fn: SyntaxNode, name: string): SyntaxNode | undefined {
    const p = this.parameters(fn).find((q) => q.name === name)?.node;
    const type = p?.childForFieldName('type')?.text;
    if (!type) return undefined;
    for (const word of type.match(/\w+/g) ?? []) {
      const cls = this.classNamed(word);
      if (cls) return cls;
    }
    return undefined;
  }

  /** argparse destinations and their defaults, from every `add_argument` call of the file. */
  private get argparse(): Map<string, { node?: SyntaxNode; bool?: boolean } | null> {
    if (this.argparseIndex) return this.argparseIndex;
    const index = new Map<string, { node?: SyntaxNode; bool?: boolean } | null>();
    for (const call of nodesOfTypes(this.v.root, ['call'])) {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'add_argument') continue;
      const args = call.childForFieldName('arguments');
      const flags = (args?.namedChildren ?? []).filter((a) => a?.type === 'string').map((a) => this.v.value(a).str);
      const long = flags.find((f) => f?.startsWith('--')) ?? flags.find((f) => f && !f.startsWith('-'));
      const dest = this.v.value(this.v.keyword(args, 'dest')).str ?? long?.replace(/^--?/, '').replace(/-/g, '_');
      if (!dest) continue;
      const action = this.v.value(this.v.keyword(args, 'action')).str;
      const node = this.v.keyword(args, 'default');
      const entry = node
        ? { node }
        : action === 'store_true'
          ? { bool: false }
          : action === 'store_false'
            ? { bool: true }
            : {};
      index.set(dest, index.has(dest) ? null : entry);
    }
    this.argparseIndex = index;
    return index;
  }

  /** `app.config["S3_ENDPOINT"]`, `current_app.config[...]`, `cfg[...]` with `cfg = current_app.config`. */
  configEntry(target: SyntaxNode | null, key: string, depth: number): Value | undefined {
    const resolved = target?.type === 'identifier' ? this.v.definitionOf(target) : target;
    if (!resolved || !/(^|\.)config$/.test(resolved.text)) return undefined;
    const node = this.config.get(key);
    return node ? this.v.value(node, depth + 1) : undefined;
  }

  /** Flask's config, filled by `app.config[...] = ...`, `.update(K=...)` / `.from_mapping(...)`, `.from_object(Cls)`. */
  private get config(): Map<string, SyntaxNode | null> {
    if (this.configIndex) return this.configIndex;
    const index = new Map<string, SyntaxNode | null>();
    const set = (key: string | undefined, node: SyntaxNode | null | undefined) => {
      if (key !== undefined && node) index.set(key, index.has(key) ? null : node);
    };
    if (/\.config\b/.test(this.v.text)) {
      for (const a of this.v.assignments) {
        const left = a.childForFieldName('left');
        if (left?.type === 'subscript' && /(^|\.)config$/.test(left.childForFieldName('value')?.text ?? ''))
          set(this.v.value(left.childForFieldName('subscript')).str, a.childForFieldName('right'));
      }
      for (const call of nodesOfTypes(this.v.root, ['call'])) {
        const fn = call.childForFieldName('function');
        const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
        if (!method || !/(^|\.)config$/.test(fn?.childForFieldName('object')?.text ?? '')) continue;
        const args = call.childForFieldName('arguments');
        if (method === 'update' || method === 'from_mapping') {
          for (const c of args?.namedChildren ?? []) {
            if (c?.type === 'keyword_argument') set(c.childForFieldName('name')?.text, c.childForFieldName('value'));
            if (c?.type === 'dictionary')
              for (const pair of c.namedChildren)
                if (pair?.type === 'pair')
                  set(this.v.value(pair.childForFieldName('key')).str, pair.childForFieldName('value'));
          }
        } else if (method === 'from_object') {
          const first = args?.namedChildren[0];
          const cls = first?.type === 'identifier' ? this.classNamed(first.text) : undefined;
          if (cls) this.classSettings(cls, set, 0);
        }
      }
    }
    this.configIndex = index;
    return index;
  }

  /** Upper-case class attributes (Flask's `from_object` rule), base classes first so subclasses override. */
  private classSettings(
    cls: SyntaxNode,
    set: (key: string | undefined, node: SyntaxNode | null | undefined) => void,
    depth: number,
  ): void {
    if (depth > 4) return;
    for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      const b = base?.type === 'identifier' ? this.classNamed(base.text) : undefined;
      if (b && b.id !== cls.id) this.classSettings(b, set, depth + 1);
    }
    for (const st of cls.childForFieldName('body')?.namedChildren ?? []) {
      const a = st?.type === 'expression_statement' ? st.namedChildren[0] : undefined;
      const key = a?.type === 'assignment' ? a.childForFieldName('left')?.text : undefined;
      if (key && /^[A-Z][A-Z0-9_]*$/.test(key)) set(key, a!.childForFieldName('right'));
    }
  }

  private isConfigParser(obj: SyntaxNode | null | undefined): boolean {
    const target = obj?.type === 'subscript' ? obj.childForFieldName('value') : obj;
    const made = target?.type === 'identifier' ? this.v.definitionOf(target) : target;
    return made?.type === 'call' && /ConfigParser$/.test(made.childForFieldName('function')?.text ?? '');
  }

  /**
   * A settings reader with a default: `os.getenv("K", "http://...")`, `env.bool("K", default=False)`, decouple
   * `config("K", default="false", cast=bool)`, `app.config.get("K", ...)` (the configured entry first),
   * `Variable.get("K", default_var=...)`. Undefined when there is no default to fall back to.
   */
  read(call: SyntaxNode, fn: SyntaxNode | null, args: SyntaxNode, depth: number): Value | undefined {
    const key = this.v.value(args.namedChildren[0]).str;
    const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (key !== undefined && obj && fn?.childForFieldName('attribute')?.text === 'get') {
      const entry = this.v.dictEntry(obj, key);
      if (entry) return this.v.value(entry, depth + 1);
      const configured = this.configEntry(obj, key, depth);
      if (configured) return configured;
    }
    // configparser's `get(section, option, fallback=...)`: its second argument is a name, not a default.
    const configParser = this.v.keyword(args, 'fallback') !== undefined || this.isConfigParser(obj);
    const fallback = configParser ? this.v.keyword(args, 'fallback') : this.v.readerDefault(args);
    if (!fallback) return undefined;
    const v = this.v.value(fallback, depth + 1);
    const boolean =
      /\.(bool|getboolean)$/.test(fn?.text ?? '') || this.v.keyword(args, 'cast')?.text === 'bool'
        ? this.v.asBool(v)
        : v;
    return boolean.str !== undefined || boolean.bool !== undefined ? boolean : { range: v.range, external: true };
  }
}
