// What a Python expression evaluates to, as far as one file (and the modules it imports by name) tells: constants
// per function scope, string formatting, dict literals and their later writes, and the places settings live with
// their defaults (settings classes, argparse/click options, Flask config, environment readers, parameters).
import { listInsertPoint } from '../fixes/params';
import { paramName } from '../params';
import type { ParamBag, Prop, Value } from '../types';
import { innermostContaining, nodesOfTypes, rangeOf, type SyntaxNode } from './tree-sitter';
import { PythonSettings } from './python-settings';

const WRAPPERS = /(^|\.)(b64decode|urlsafe_b64decode|b64encode|urlsafe_b64encode|fromhex|unhexlify|encode|bytes)$/;
const EXTERNAL = /(^|\.)(getenv|get|read|read_bytes|read_text|get_secret_value|get_parameter|urandom|token_bytes)$/;
/** Readers of settings that take a default: `os.getenv(k, d)`, `env.bool(k, default=d)`, decouple `config(k,
 * default=d)`, Airflow `Variable.get(k, default_var=d)`, `dict.get(k, d)`. What they return unless configured. */
const DEFAULTED_READERS =
  /(^|\.)(getenv|get|getboolean|setdefault)$|^(env|config)(\.(str|bool|url))?$|(^|\.)env\.(str|bool|url)$/;
const DEFAULT_KEYWORDS = /^(default|default_var|fallback)$/;
const STR_METHODS = /^(lower|upper|casefold|strip|lstrip|rstrip)$/;
const TRUE_WORDS = /^(y|yes|t|true|on|1)$/i;
const FALSE_WORDS = /^(n|no|f|false|off|0)$/i;

/** A value that came from another file: it links transport, but is reported (if at all) in its own file. */
export interface ImportedValues {
  /** `name.a.b` (or `name` alone) as the module that exports `name` evaluates it. */
  member(name: string, path: string[]): Value | undefined;
}

export class PythonValues {
  /** Single-assignment names per scope (`<function start offset>:<name>`, module scope is -1). */
  private readonly constants = new Map<string, SyntaxNode | null>();
  /** Keys written into dict literals after their declaration (`extra["ServerSideEncryption"] = ...`), by dict. */
  private readonly dictWrites = new Map<number, Array<{ key?: string; node: SyntaxNode; value: SyntaxNode | null }>>();
  readonly functions: SyntaxNode[];
  readonly assignments: SyntaxNode[];
  readonly settings: PythonSettings;
  /** Parameters bound to a call's arguments while a class's client is read for one instantiation. */
  private bindings: Array<{ fn: SyntaxNode; args: Map<string, SyntaxNode>; call?: SyntaxNode }> = [];
  /** Values that came from a bound argument: they are placed on the caller's argument. */
  private readonly bound = new WeakSet<Value>();

  constructor(
    readonly root: SyntaxNode,
    readonly text: string,
    readonly imports?: ImportedValues,
  ) {
    this.functions = nodesOfTypes(root, ['function_definition']);
    this.assignments = nodesOfTypes(root, ['assignment']);
    for (const n of this.assignments) {
      const left = n.childForFieldName('left');
      if (left?.type === 'identifier') {
        const key = this.scopeKey(n, left.text);
        this.constants.set(key, this.constants.has(key) ? null : n.childForFieldName('right'));
      }
    }
    this.settings = new PythonSettings(this);
  }

  scopeKey(n: SyntaxNode, name: string): string {
    const fn = this.functionOf(n);
    return `${fn ? fn.startIndex : -1}:${name}`;
  }

  functionOf(n: SyntaxNode): SyntaxNode | undefined {
    return innermostContaining(this.functions, n);
  }

  /** The node a name was assigned once in the enclosing function, else at module level. */
  constant(n: SyntaxNode): SyntaxNode | undefined {
    const local = this.scopeKey(n, n.text);
    if (this.constants.has(local)) return this.constants.get(local) ?? undefined;
    return this.constants.get(`-1:${n.text}`) ?? undefined;
  }

  /** For a plain name used inside a function: where that function starts (clients and calls are matched per function). */
  localScope(n: SyntaxNode, name: string | undefined): number | undefined {
    return name && /^\w+$/.test(name) ? this.functionOf(n)?.startIndex : undefined;
  }

  /** Whether `name` is assigned in function `fn` itself. */
  constantIn(fn: SyntaxNode, name: string): boolean {
    return this.constants.has(`${fn.startIndex}:${name}`);
  }

  moduleConstant(name: string): SyntaxNode | undefined {
    return this.constants.get(`-1:${name}`) ?? undefined;
  }

  /** Reads `f()` with `fn`'s parameters bound to the given argument nodes (one call of a constructor or factory). */
  withBindings<T>(fn: SyntaxNode, args: Map<string, SyntaxNode>, f: () => T, call?: SyntaxNode): T {
    this.bindings.push({ fn, args, call });
    try {
      return f();
    } finally {
      this.bindings.pop();
    }
  }

  /** Whether a value was read from a bound argument (its range is then the caller's argument). */
  isBound(v: Value): boolean {
    return this.bound.has(v);
  }

  private boundArgument(n: SyntaxNode): SyntaxNode | undefined {
    if (!this.bindings.length || this.constants.has(this.scopeKey(n, n.text))) return undefined;
    const fn = this.functionOf(n);
    return fn && this.bindings.find((b) => b.fn.id === fn.id)?.args.get(n.text);
  }

  /** `**overrides` of a function read for one call: the keywords that call passes beyond the named parameters. */
  private boundSplat(n: SyntaxNode): ParamBag | undefined {
    const fn = this.bindings.length ? this.functionOf(n) : undefined;
    const binding = fn && this.bindings.find((b) => b.fn.id === fn.id);
    if (!fn || !binding?.call) return undefined;
    const { names, splat } = this.settings.parameterNames(fn);
    if (splat !== n.text) return undefined;
    const props: Prop[] = [];
    let complete = true;
    for (const a of binding.call.childForFieldName('arguments')?.namedChildren ?? []) {
      if (a?.type === 'dictionary_splat') complete = false;
      const key = a?.type === 'keyword_argument' ? a.childForFieldName('name')?.text : undefined;
      if (key && !names.includes(key))
        props.push({ name: paramName(key), key, range: rangeOf(a!), value: this.value(a!.childForFieldName('value')) });
    }
    return { props, complete };
  }

  /** A name's definition: a constant in scope, else the enclosing function's parameter default, else module level. */
  definitionOf(n: SyntaxNode): SyntaxNode | undefined {
    const local = this.scopeKey(n, n.text);
    if (this.constants.has(local)) return this.constants.get(local) ?? undefined;
    const fn = this.functionOf(n);
    const bound = this.boundArgument(n);
    if (bound) return bound;
    if (fn && this.settings.isParameter(fn, n.text)) return this.settings.parameterDefault(fn, n.text);
    return this.constants.get(`-1:${n.text}`) ?? undefined;
  }

  assignedName(n: SyntaxNode): string | undefined {
    const p = n.parent;
    if (p?.type === 'assignment' && p.childForFieldName('right')?.id === n.id) return p.childForFieldName('left')?.text;
    // `with session.client("s3") as s3:` / `async with ...`
    if (p?.type === 'as_pattern' && p.namedChildren[0]?.id === n.id) return p.childForFieldName('alias')?.text;
    if (p?.type === 'await') return this.assignedName(p);
    return undefined;
  }

  value(n: SyntaxNode | null | undefined, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 12) return { range };
    switch (n.type) {
      case 'string':
        return this.stringValue(n, depth);
      case 'concatenated_string': {
        const parts = n.namedChildren.map((c) => this.value(c, depth + 1));
        if (parts.some((p) => p.str === undefined)) return { range };
        return { range, str: parts.map((p) => p.str).join(''), origin: parts[0]?.origin };
      }
      case 'binary_operator': {
        if (n.childForFieldName('operator')?.text === '%') return this.percentFormat(n, depth);
        if (n.childForFieldName('operator')?.text !== '+') return { range };
        const l = this.value(n.childForFieldName('left'), depth + 1);
        const r = this.value(n.childForFieldName('right'), depth + 1);
        if (l.str === undefined || r.str === undefined) return { range, prefix: l.str ?? l.prefix };
        return { range, str: l.str + r.str, origin: l.str ? l.origin : r.origin };
      }
      case 'boolean_operator':
        return this.booleanOperator(n, depth);
      case 'comparison_operator':
        return this.comparison(n, depth);
      case 'not_operator': {
        const inner = this.value(n.childForFieldName('argument'), depth + 1);
        return inner.bool === undefined ? { range } : { range, bool: !inner.bool };
      }
      case 'conditional_expression': {
        // `"https" if settings.secure else "http"`: a known condition picks its branch; equal branches need none.
        const [then, cond, otherwise] = n.namedChildren;
        const c = this.value(cond, depth + 1);
        if (c.bool !== undefined) return { ...this.value(c.bool ? then : otherwise, depth + 1), range };
        const a = this.value(then, depth + 1);
        const b = this.value(otherwise, depth + 1);
        return a.str !== undefined && a.str === b.str ? { ...a, range } : { range };
      }
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'parenthesized_expression':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'await':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'identifier': {
        const bound = this.boundArgument(n);
        if (bound) {
          const v = { ...this.value(bound, depth + 1) };
          this.bound.add(v);
          return v;
        }
        const init = this.definitionOf(n);
        if (init) return this.keepBound(this.value(init, depth + 1), range);
        const imported = this.imports?.member(n.text, []);
        return imported ? { ...imported, range } : { range };
      }
      case 'attribute': {
        if (/^os\.environ\b/.test(n.text)) return { range, external: true };
        const member = this.settings.member(n, depth);
        if (member) return this.keepBound(member, range);
        return { range, enumName: n.text };
      }
      case 'subscript': {
        if (/^os\.environ\b/.test(n.text)) return { range, external: true };
        // CONFIG["s3"]["endpoint"] where CONFIG is a dict literal in the file; app.config["S3_ENDPOINT"].
        const key = this.value(n.childForFieldName('subscript'), depth + 1).str;
        if (key === undefined) return { range };
        const target = n.childForFieldName('value');
        const entry = this.dictEntry(this.subscriptTarget(target, depth), key);
        if (entry) return { ...this.value(entry, depth + 1), range };
        const configured = this.settings.configEntry(target, key, depth);
        return configured ? { ...configured, range } : { range };
      }
      case 'call':
        return this.callValue(n, depth);
      default:
        return { range };
    }
  }

  /** A resolved value re-placed on the expression that names it, unless it came from a bound argument. */
  private keepBound(v: Value, range: Value['range']): Value {
    return this.bound.has(v) ? v : { ...v, range };
  }

  private stringValue(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    if (n.namedChildren.some((c) => c?.type === 'interpolation')) {
      // f"http://{HOST}:9000": each placeholder whose value is known fills in; the first unknown one ends
      // the known prefix.
      let text = '';
      for (const c of n.namedChildren) {
        if (c?.type === 'string_content' || c?.type === 'escape_sequence') text += c.text;
        else if (c?.type === 'interpolation') {
          // Numbers fill in too (`{PORT}`), as they do in `%` and `.format` strings.
          const inner = c.namedChildren.length === 1 ? this.formatArg(c.namedChildren[0], depth) : undefined;
          if (inner === undefined) return { range, prefix: text };
          text += inner;
        }
      }
      return { range, str: text, origin: range };
    }
    const str = n.namedChildren
      .filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence')
      .map((c) => c!.text)
      .join('');
    return { range, str, origin: range };
  }

  /** `os.getenv("A") or "http://..."`: a known non-empty left side wins, otherwise the default on the right runs. */
  private booleanOperator(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    if (n.childForFieldName('operator')?.type !== 'or') return { range };
    const l = this.value(n.childForFieldName('left'), depth + 1);
    if (l.str || l.bool === true) return { ...l, range };
    const r = this.value(n.childForFieldName('right'), depth + 1);
    return r.str !== undefined || r.bool !== undefined
      ? { ...r, range }
      : { range, external: l.external && r.external };
  }

  /** `os.getenv("S3_USE_SSL", "false").lower() == "true"`: both sides known, so is the answer. */
  private comparison(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const ops = n.childrenForFieldName('operators').map((o) => o?.type);
    const [a, b] = n.namedChildren;
    if (ops.length !== 1 || !a || !b) return { range };
    const l = this.value(a, depth + 1);
    if (l.str === undefined) return { range };
    if (ops[0] === 'in' || ops[0] === 'not in') {
      // `os.getenv("S3_USE_SSL", "0").lower() in ("1", "true", "yes")`
      if (b.type !== 'tuple' && b.type !== 'list' && b.type !== 'set') return { range };
      const items = b.namedChildren.map((c) => this.value(c, depth + 1).str);
      if (items.some((i) => i === undefined)) return { range };
      return { range, bool: items.includes(l.str) === (ops[0] === 'in') };
    }
    if (ops[0] !== '==' && ops[0] !== '!=') return { range };
    const r = this.value(b, depth + 1);
    if (r.str === undefined) return { range };
    return { range, bool: (l.str === r.str) === (ops[0] === '==') };
  }

  private callValue(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const fn = n.childForFieldName('function');
    const callee = fn?.text ?? '';
    const args = n.childForFieldName('arguments');
    const method = fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : callee;
    if (fn?.type === 'attribute' && method === 'format') return this.braceFormat(n, fn, depth);
    if (fn?.type === 'attribute' && /^(encode|decode)$/.test(method)) {
      return { ...this.value(fn.childForFieldName('object'), depth + 1), range };
    }
    if (fn?.type === 'attribute' && STR_METHODS.test(method)) {
      const inner = this.value(fn.childForFieldName('object'), depth + 1);
      if (inner.str === undefined) return inner.external ? { range, external: true } : { range };
      const str = /^(lower|casefold)$/.test(method)
        ? inner.str.toLowerCase()
        : method === 'upper'
          ? inner.str.toUpperCase()
          : args?.namedChildren.length
            ? inner.str
            : inner.str.trim();
      return { ...inner, str, range };
    }
    if (/(^|\.)(strtobool|str2bool|to_bool|as_bool|parse_bool)$/.test(callee)) {
      return { ...this.asBool(this.value(args?.namedChildren[0], depth + 1)), range };
    }
    if (callee === 'getattr') {
      // getattr(settings, "AWS_S3_ENDPOINT_URL", "http://...")
      const [obj, name, fallback] = args?.namedChildren ?? [];
      const attr = this.value(name, depth + 1).str;
      const found = obj && attr ? this.settings.memberOf(obj, attr, depth) : undefined;
      if (found) return { ...found, range };
      return fallback ? { ...this.value(fallback, depth + 1), range } : { range };
    }
    if (DEFAULTED_READERS.test(callee) && args) {
      const read = this.settings.read(n, fn, args, depth);
      if (read) return { ...read, range };
    }
    const arg = args?.namedChildren[0] ?? null;
    if (WRAPPERS.test(callee) && arg) {
      const inner = this.value(arg, depth + 1);
      if (inner.str !== undefined || inner.external) return { ...inner, range };
    }
    if (EXTERNAL.test(callee) || callee === 'open') return { range, external: true };
    const returned = this.settings.returnedBy(n);
    if (!returned) return { range };
    const bound = this.settings.bind(returned.fn, n, returned.method);
    return { ...this.withBindings(returned.fn, bound, () => this.value(returned.node, depth + 1), n), range };
  }

  /** `"false"` read as a boolean by `strtobool`, decouple's `cast=bool`, ... */
  asBool(v: Value): Value {
    if (v.bool !== undefined || v.str === undefined) return v;
    if (TRUE_WORDS.test(v.str)) return { ...v, str: undefined, bool: true };
    if (FALSE_WORDS.test(v.str)) return { ...v, str: undefined, bool: false };
    return v;
  }

  /** The default a settings reader falls back to: 2nd positional argument or `default=` keyword. */
  readerDefault(args: SyntaxNode): SyntaxNode | undefined {
    const named = args.namedChildren.find(
      (c) => c?.type === 'keyword_argument' && DEFAULT_KEYWORDS.test(c.childForFieldName('name')?.text ?? ''),
    );
    if (named) return named.childForFieldName('value') ?? undefined;
    const second = args.namedChildren[1];
    return second && second.type !== 'keyword_argument' ? second : undefined;
  }

  /** A number or string a format placeholder takes (`"%s:%d" % (HOST, PORT)`); undefined when unknown. */
  private formatArg(n: SyntaxNode | null | undefined, depth: number): string | undefined {
    const e = n?.type === 'identifier' ? this.definitionOf(n) : n;
    if (e?.type === 'integer') return e.text;
    return e ? this.value(e, depth + 1).str : undefined;
  }

  /** Fills placeholders left to right; the first unknown value ends the known prefix (like an f-string). */
  private filled(template: Value, parts: string[], values: Array<string | undefined>, range: Value['range']): Value {
    let text = parts[0];
    for (let i = 1; i < parts.length; i++) {
      const v = values[i - 1];
      if (v === undefined) return { range, prefix: text };
      text += v + parts[i];
    }
    return { range, str: text, origin: template.origin };
  }

  /** `"http://%s:%d" % (HOST, PORT)` */
  private percentFormat(n: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const template = this.value(n.childForFieldName('left'), depth + 1);
    if (template.str === undefined) return { range };
    const right = n.childForFieldName('right');
    const args = right?.type === 'tuple' ? right.namedChildren : [right];
    const parts = template.str.split(/%[sdr]/);
    return this.filled(
      template,
      parts,
      args.map((a) => this.formatArg(a, depth)),
      range,
    );
  }

  /** `"http://{}:{}".format(HOST, PORT)`, `"http://{host}".format(host=HOST)` */
  private braceFormat(n: SyntaxNode, fn: SyntaxNode, depth: number): Value {
    const range = rangeOf(n);
    const template = this.value(fn.childForFieldName('object'), depth + 1);
    if (template.str === undefined) return { range };
    const args = n.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const positional = args.filter((a) => a?.type !== 'keyword_argument');
    const named = (name: string) =>
      args
        .find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)
        ?.childForFieldName('value');
    const fields = [...template.str.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
    const parts = template.str.split(/\{[^{}]*\}/);
    let next = 0;
    const values = fields.map((f) =>
      this.formatArg(f === '' ? positional[next++] : /^\d+$/.test(f) ? positional[Number(f)] : named(f), depth),
    );
    return this.filled(template, parts, values, range);
  }

  kwargs(args: SyntaxNode | null | undefined): ParamBag & { positional: number } {
    const props: Prop[] = [];
    let complete = true;
    let positional = 0;
    const children = args?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') ?? [];
    for (const c of children) {
      if (c.type === 'keyword_argument') {
        const key = c.childForFieldName('name')?.text ?? '';
        props.push({ name: paramName(key), key, range: rangeOf(c), value: this.value(c.childForFieldName('value')) });
      } else if (c.type === 'dictionary_splat') {
        // `**CLIENT_KWARGS` / `**params` where the name is a dict literal in the file: its keys are visible too.
        const spread = this.dict(c.namedChildren[0]);
        props.push(...spread.props);
        if (!spread.complete) complete = false;
      } else if (c.type === 'list_splat') complete = false;
      else positional++;
    }
    const last = children[children.length - 1];
    const insert = args
      ? listInsertPoint(
          this.text,
          'py-kwargs',
          args.startIndex + 1,
          args.endIndex - 1,
          last ? rangeOf(last) : undefined,
        )
      : undefined;
    return { props, complete, insert, positional };
  }

  writeDict(target: SyntaxNode, key: string | undefined, node: SyntaxNode, value: SyntaxNode | null): void {
    const init = this.constant(target);
    if (init?.type !== 'dictionary') return;
    const list = this.dictWrites.get(init.startIndex) ?? [];
    list.push({ key, node, value });
    this.dictWrites.set(init.startIndex, list);
  }

  dict(n: SyntaxNode | null | undefined, depth = 0): ParamBag {
    if (depth > 5) return { props: [], complete: false };
    const splat = n?.type === 'identifier' ? this.boundSplat(n) : undefined;
    if (splat) return splat;
    if (n?.type === 'identifier') {
      const init = this.definitionOf(n);
      if (init) return this.dict(init, depth + 1);
    }
    if (n?.type === 'call') return this.dictCall(n, depth);
    if (n?.type === 'attribute') {
      // `**self._client_kwargs` built in `__init__`
      const member = this.settings.memberNode(n);
      if (member) return this.dict(member, depth + 1);
    }
    // `BASE_EXTRA | {"ServerSideEncryption": "AES256"}`: the union has both sides' keys.
    if (n?.type === 'binary_operator' && n.childForFieldName('operator')?.text === '|') {
      const l = this.dict(n.childForFieldName('left'), depth + 1);
      const r = this.dict(n.childForFieldName('right'), depth + 1);
      return { props: [...l.props, ...r.props], complete: l.complete && r.complete, insert: r.insert };
    }
    if (n?.type !== 'dictionary') return { props: [], complete: false };
    const props: Prop[] = [];
    let complete = true;
    const children = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    for (const c of children) {
      if (c.type === 'dictionary_splat') {
        // `{**BASE_EXTRA, "ContentType": ct}` where BASE_EXTRA is a dict literal in the file.
        const spread = this.dict(c.namedChildren[0], depth + 1);
        props.push(...spread.props);
        if (!spread.complete) complete = false;
        continue;
      }
      const key = c.type === 'pair' ? this.value(c.childForFieldName('key')).str : undefined;
      if (key === undefined) complete = false;
      else
        props.push({ name: paramName(key), key, range: rangeOf(c), value: this.value(c.childForFieldName('value')) });
    }
    for (const w of this.dictWrites.get(n.startIndex) ?? []) {
      if (w.key !== undefined)
        props.push({ name: paramName(w.key), key: w.key, range: rangeOf(w.node), value: this.value(w.value) });
      else {
        // `props.update(other)`: the other dict's keys, when it is known.
        const merged = w.value ? this.dict(w.value, depth + 1) : undefined;
        if (merged) props.push(...merged.props);
        if (!merged?.complete) complete = false;
      }
    }
    const last = children[children.length - 1];
    return {
      props,
      complete,
      insert: listInsertPoint(this.text, 'py-dict', n.startIndex + 1, n.endIndex - 1, last ? rangeOf(last) : undefined),
    };
  }

  /** `dict(ContentType=..., ...)`, `dict(BASE, ServerSideEncryption=...)`, `BASE.copy()`, `copy.deepcopy(BASE)`. */
  private dictCall(n: SyntaxNode, depth: number): ParamBag {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    const returned = this.settings.returnedBy(n);
    if (returned) {
      // Built by a helper that several calls share, read with this call's arguments; each call is where its
      // parameters are reported.
      const args = this.settings.bind(returned.fn, n, returned.method);
      const bag = this.withBindings(returned.fn, args, () => this.dict(returned.node, depth + 1), n);
      return { props: bag.props.map((p) => ({ ...p, range: rangeOf(n) })), complete: bag.complete };
    }
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'copy' && !args?.namedChildren.length)
      return this.dict(fn.childForFieldName('object'), depth + 1);
    if (/^(copy\.)?(deep)?copy$/.test(fn?.text ?? '') && args?.namedChildren.length === 1)
      return this.dict(args.namedChildren[0], depth + 1);
    if (fn?.text !== 'dict') return { props: [], complete: false };
    const bag = this.kwargs(args);
    const first = args?.namedChildren[0];
    if (bag.positional === 1 && first && first.type !== 'keyword_argument') {
      const base = this.dict(first, depth + 1);
      return { props: [...base.props, ...bag.props], complete: base.complete && bag.complete, insert: bag.insert };
    }
    return { props: bag.props, complete: bag.complete && bag.positional === 0, insert: bag.insert };
  }

  /** The dict literal a (possibly subscripted) expression stands for. */
  subscriptTarget(n: SyntaxNode | null, depth: number): SyntaxNode | undefined {
    if (!n || depth > 6) return undefined;
    if (n.type !== 'subscript') return n;
    const key = this.value(n.childForFieldName('subscript'), depth + 1).str;
    return key !== undefined
      ? this.dictEntry(this.subscriptTarget(n.childForFieldName('value'), depth + 1), key)
      : undefined;
  }

  dictEntry(n: SyntaxNode | null | undefined, key: string): SyntaxNode | undefined {
    let dict = n;
    // `CONFIG = DEFAULT_CONFIG`: follow names to the literal.
    for (let i = 0; dict?.type === 'identifier' && i < 4; i++) dict = this.definitionOf(dict);
    if (dict?.type !== 'dictionary') return undefined;
    for (const c of dict.namedChildren) {
      if (c?.type === 'pair' && this.value(c.childForFieldName('key')).str === key)
        return c.childForFieldName('value') ?? undefined;
    }
    return undefined;
  }

  keyword(args: SyntaxNode | null | undefined, name: string): SyntaxNode | undefined {
    return (
      args?.namedChildren
        .find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name)
        ?.childForFieldName('value') ?? undefined
    );
  }
}
