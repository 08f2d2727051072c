// Shell values: what a word, a variable, an array or a here-document holds, as far as the script itself tells.
// Variables set once keep their value; a literal default that later command-line parsing may override
// (`ENDPOINT=http://...` then `-e) ENDPOINT="$OPTARG"`) is what runs unless someone passes the option.
// `local`/`declare` names belong to their function. Positional parameters ($1, $2, ...) are unknown, except
// when a function's body is read for one of its calls (`bind`): then they are that call's arguments.
import type { Range, Value } from '../types';
import { innermostContaining, nodesOfTypes, rangeOf, type SyntaxNode } from './tree-sitter';

/** Unquoted expansions can split into several words, flags included: the command line is then not fully known. */
export const SPLITTING = new Set(['simple_expansion', 'expansion', 'command_substitution']);

/** One word of a command line: its node (absent for words cut out of an alias's text), where it is, its value. */
export interface Arg {
  node?: SyntaxNode;
  range: Range;
  value: Value;
}

/** The known beginning of a word: `"s3://${BUCKET}/x"` -> `s3://`. */
export interface Prefix {
  text: string;
  full: boolean;
}

/** Values of $1, $2, ... while a function body is read for one call. */
export type Binding = readonly Value[];

const LOCAL_DECLARATION = /^(local|declare|typeset)\b/;
/** `$OPTARG`, `$2`, `"${1}"`: a value that comes from the command line. */
const ARGUMENT_VALUE = /^"?\$\{?(OPTARG|[1-9])\}?"?$/;
const CONDITIONAL = new Set([
  'case_item',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
]);

export class ShellValues {
  private readonly constants = new Map<string, SyntaxNode | null>();
  /** Every assignment of a name, for names set in several places (`case` branches choosing an endpoint). */
  private readonly assignments = new Map<string, SyntaxNode[]>();
  /** Array variables: every element written by `NAME=(...)` and `NAME+=(...)` (null: also set otherwise). */
  private readonly arrays = new Map<string, SyntaxNode[] | null>();
  /** Variables a sourced file of the same folder sets to a literal (`source "$HERE/config.sh"`). */
  private readonly sourced = new Map<string, string>();
  /** Files the script writes from a here-document (`cat > "$DIR/policy.json" <<EOF`), by their path's text. */
  readonly files = new Map<string, SyntaxNode>();
  private readonly functions: SyntaxNode[];

  constructor(
    root: SyntaxNode,
    private readonly text: string,
  ) {
    this.functions = nodesOfTypes(root, ['function_definition']);
    const byName = new Map<string, SyntaxNode[]>();
    for (const n of nodesOfTypes(root, ['variable_assignment'])) {
      const name = n.childForFieldName('name')?.text ?? '';
      const value = n.childForFieldName('value');
      if (value?.type === 'array') {
        const elements = value.namedChildren.filter((c): c is SyntaxNode => !!c);
        const known = this.arrays.get(name);
        // `ARGS+=(--sse aws:kms)` adds words; a second `ARGS=(...)` makes the array unknown.
        if (known !== null)
          this.arrays.set(name, /^\w+\+=/.test(n.text) ? [...(known ?? []), ...elements] : known ? null : elements);
        continue;
      }
      if (this.arrays.has(name)) this.arrays.set(name, null);
      const key = this.keyOf(n, name);
      byName.set(key, [...(byName.get(key) ?? []), n]);
    }
    for (const [key, assignments] of byName) {
      this.constants.set(key, this.settled(assignments));
      this.assignments.set(key, assignments);
    }
    // `: "${S3_ENDPOINT:=http://...}"` assigns the default when the variable is unset: it is the variable's value.
    if (text.includes(':=')) {
      for (const n of nodesOfTypes(root, ['expansion'])) {
        const name = /^\$\{(\w+):?=/.exec(n.text)?.[1];
        if (name && !this.constants.has(name)) this.constants.set(name, n);
      }
    }
    // `read -r -d '' POLICY <<EOF`: the variable holds the document.
    for (const n of nodesOfTypes(root, ['redirected_statement'])) {
      const body = n.childForFieldName('body');
      const heredoc = n.namedChildren.find((c) => c?.type === 'heredoc_redirect');
      const doc = heredoc?.namedChildren.find((c) => c?.type === 'heredoc_body');
      if (body?.type !== 'command' || !doc) continue;
      const name = body.childForFieldName('name')?.text;
      const args = body.childrenForFieldName('argument').filter((a): a is SyntaxNode => !!a);
      if (name === 'read' && args.length) {
        const variable = args[args.length - 1].text;
        const key = this.keyOf(n, variable);
        this.constants.set(key, this.constants.has(key) ? null : doc);
      }
      // `cat > path <<EOF`, `cat <<EOF > path`, `tee path <<EOF`: a file the script writes.
      const target =
        name === 'cat'
          ? n.namedChildren.find((c) => c?.type === 'file_redirect')?.namedChildren.at(-1)
          : name === 'tee'
            ? args.find((a) => !a.text.startsWith('-'))
            : undefined;
      if (target) this.files.set(pathText(target.text), doc);
    }
  }

  /** `local`/`declare` names inside a function are the function's own. */
  private keyOf(assignment: SyntaxNode, name: string): string {
    const declaration = assignment.parent?.type === 'declaration_command' ? assignment.parent : undefined;
    const fn =
      declaration && LOCAL_DECLARATION.test(declaration.text)
        ? innermostContaining(this.functions, assignment)
        : undefined;
    return fn ? `${fn.startIndex}:${name}` : name;
  }

  private lookupKey(at: SyntaxNode, name: string): string {
    let fn = innermostContaining(this.functions, at);
    while (fn) {
      const key = `${fn.startIndex}:${name}`;
      if (this.constants.has(key)) return key;
      fn = fn.parent ? innermostContaining(this.functions, fn.parent) : undefined;
    }
    return name;
  }

  /** One assignment: its value. Several: the one literal default when every other one takes a command-line value. */
  private settled(assignments: SyntaxNode[]): SyntaxNode | null {
    if (assignments.length === 1) return assignments[0].childForFieldName('value');
    const defaults = assignments.filter((a) => !this.isOverride(a));
    if (defaults.length !== 1 || this.conditional(defaults[0])) return null;
    return defaults[0].childForFieldName('value');
  }

  private isOverride(a: SyntaxNode): boolean {
    return ARGUMENT_VALUE.test(a.childForFieldName('value')?.text ?? '') && this.conditional(a);
  }

  private conditional(n: SyntaxNode): boolean {
    for (let p = n.parent; p && p.type !== 'function_definition'; p = p.parent)
      if (CONDITIONAL.has(p.type)) return true;
    return false;
  }

  private variable(n: SyntaxNode, name: string): SyntaxNode | null | undefined {
    return this.constants.get(this.lookupKey(n, name));
  }

  /** Takes the literal assignments of a file the script sources; names the script sets itself keep their own. */
  addSourced(text: string): void {
    const assignment =
      /^[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)=(?:"([^"$`\\]*)"|'([^']*)'|([^\s"'$`;#\\]*))[ \t]*(?:#.*)?$/gm;
    for (const m of text.matchAll(assignment)) {
      const name = m[1];
      if (this.constants.has(name) || this.sourced.has(name)) continue;
      this.sourced.set(name, m[2] ?? m[3] ?? m[4] ?? '');
    }
  }

  value(n: SyntaxNode | null | undefined, bind?: Binding, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'word':
        return { range, str: n.text.replace(/\\(.)/g, '$1'), origin: range };
      case 'raw_string':
        return { range, str: n.text.slice(1, -1), origin: range };
      case 'heredoc_body':
        return this.document(n, bind, depth);
      case 'string':
      case 'concatenation': {
        let str = '';
        let origin: Range | undefined;
        const parts = n.namedChildren;
        if (n.type === 'string' && parts.length === 0) return { range, str: '', origin: range };
        for (const p of parts) {
          if (!p) continue;
          const v =
            p.type === 'string_content'
              ? { range: rangeOf(p), str: n.type === 'string' ? unescapeQuoted(p.text) : p.text, origin: range }
              : this.value(p, bind, depth + 1);
          if (v.str === undefined) return { range, external: v.external };
          if (!origin && !str && v.str) origin = v.origin;
          str += v.str;
        }
        return { range, str, origin: origin ?? range };
      }
      case 'simple_expansion':
      case 'expansion':
        return this.expansion(n, bind, depth);
      case 'command_substitution': {
        // "$(cat <<EOF ... EOF)": the here-document is the value.
        const doc = hereDocumentOfCat(n);
        return doc ? { ...this.document(doc, bind, depth), range } : { range, external: true };
      }
      default:
        return { range };
    }
  }

  private expansion(n: SyntaxNode, bind: Binding | undefined, depth: number): Value {
    const range = rangeOf(n);
    const name = n.namedChildren.find((c) => c?.type === 'variable_name')?.text ?? '';
    const positional = /^[1-9]$/.test(name) ? Number(name) : 0;
    const fallback = /^\$\{\w+:?[-=]([^}$`]*)\}$/.exec(n.text);
    if (n.type === 'expansion' && fallback) {
      // ${S3_ENDPOINT:-http://...} (or := which also assigns it): the default is what runs unless the variable is set.
      const init = this.variable(n, name);
      const selfDefault = init && init.startIndex <= n.startIndex && n.endIndex <= init.endIndex; // X="${X:-default}"
      const bound = positional && bind?.[positional - 1];
      if (bound && bound.str !== undefined) return { ...bound, range };
      return init && !selfDefault
        ? { ...this.value(init, bind, depth + 1), range }
        : { range, str: fallback[1].replace(/^["']|["']$/g, ''), origin: range };
    }
    if (n.type === 'expansion' && n.namedChildCount !== 1) return { range, external: true };
    if (positional) {
      const bound = bind?.[positional - 1];
      return bound ? { ...bound, range } : { range, external: true };
    }
    const init = this.variable(n, name);
    if (init) return { ...this.value(init, bind, depth + 1), range };
    // Set in a sourced file: known, and reported here, where it is used.
    const sourced = init === undefined ? this.sourced.get(name) : undefined;
    return sourced !== undefined ? { range, str: sourced } : { range, external: true };
  }

  /** A here-document's text, with the expansions the script resolves filled in and the others left as written. */
  private document(doc: SyntaxNode, bind: Binding | undefined, depth: number): Value {
    const range = rangeOf(doc);
    let str = '';
    let at = doc.startIndex;
    for (const part of doc.namedChildren) {
      if (!part || !SPLITTING.has(part.type)) continue;
      const v = this.value(part, bind, depth + 1);
      str += this.text.slice(at, part.startIndex) + (v.str ?? part.text);
      at = part.endIndex;
    }
    str += this.text.slice(at, doc.endIndex);
    return { range, str, origin: range };
  }

  /**
   * The values a variable may have when the script sets it in several places, each to a known value
   * (`case "$SITE" in dc1) S3_ENDPOINT="http://..." ;; *) S3_ENDPOINT="https://..." ;; esac`).
   */
  alternatives(n: SyntaxNode): Value[] {
    const inner = n.type === 'string' && n.namedChildCount === 1 ? n.namedChildren[0] : n;
    if (!inner || (inner.type !== 'simple_expansion' && !(inner.type === 'expansion' && inner.namedChildCount === 1)))
      return [];
    const name = inner.namedChildren.find((c) => c?.type === 'variable_name')?.text ?? '';
    const key = this.lookupKey(inner, name);
    if (this.constants.get(key) !== null) return [];
    const values = (this.assignments.get(key) ?? []).map((a) => this.value(a.childForFieldName('value')));
    return values.every((v) => v.str !== undefined) ? values : [];
  }

  /**
   * A document's text (a JSON policy in a string, a variable or a here-document) with the expansions the script
   * resolves filled in and the others left as written, so the document's structure can still be read.
   */
  template(n: SyntaxNode, depth = 0): string | undefined {
    if (depth > 4) return undefined;
    if (n.type === 'heredoc_body') return this.document(n, undefined, depth).str;
    const known = this.value(n);
    if (known.str !== undefined) return known.str;
    if (n.type === 'simple_expansion' || (n.type === 'expansion' && n.namedChildCount === 1)) {
      const init = this.variable(n, n.namedChildren.find((c) => c?.type === 'variable_name')?.text ?? '');
      return init ? this.template(init, depth + 1) : undefined;
    }
    if (n.type === 'command_substitution') {
      const doc = hereDocumentOfCat(n);
      return doc ? this.document(doc, undefined, depth).str : undefined;
    }
    if (n.type !== 'string' && n.type !== 'concatenation') return undefined;
    if (n.type === 'string' && n.namedChildCount === 1 && n.namedChildren[0]?.type !== 'string_content')
      return this.template(n.namedChildren[0]!, depth + 1);
    let text = '';
    for (const p of n.namedChildren) {
      if (!p) continue;
      if (p.type === 'string_content') text += n.type === 'string' ? unescapeQuoted(p.text) : p.text;
      else text += this.value(p).str ?? p.text;
    }
    return text;
  }

  /** `s3://${BUCKET}/x` written inside a command string: its variables as the script sets them, seen from `at`. */
  expandText(text: string, at: SyntaxNode): string | undefined {
    let known = true;
    const out = text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => {
      const init = this.variable(at, braced ?? bare ?? '');
      const v = init ? this.value(init) : undefined;
      if (v?.str === undefined) known = false;
      return v?.str ?? '';
    });
    return known ? out : undefined;
  }

  /** The elements `"${NAME[@]}"` / `${NAME[*]}` expand to, when NAME is an array literal of the script. */
  arrayElements(n: SyntaxNode): SyntaxNode[] | null | undefined {
    const expansion = n.type === 'string' && n.namedChildCount === 1 ? n.namedChildren[0] : n;
    if (expansion?.type !== 'expansion' || expansion.text.startsWith('${#')) return undefined;
    const subscript = expansion.namedChildren[0];
    if (subscript?.type !== 'subscript' || !/^[@*]$/.test(subscript.namedChildren[1]?.text ?? '')) return undefined;
    const name = subscript.namedChildren[0]?.text ?? '';
    return this.arrays.has(name) ? this.arrays.get(name) : null;
  }

  prefix(n: SyntaxNode, bind?: Binding, depth = 0): Prefix {
    const v = this.value(n, bind);
    if (v.str !== undefined) return { text: v.str, full: true };
    if (depth > 4) return { text: '', full: false };
    if (n.type === 'simple_expansion' || (n.type === 'expansion' && n.namedChildCount === 1)) {
      // `"$S3_URI/x"` with `S3_URI="s3://${BUCKET}/$(hostname)"`: the variable's own known start.
      const name = n.namedChildren.find((c) => c?.type === 'variable_name')?.text ?? '';
      const init = this.variable(n, name);
      return init ? this.prefix(init, bind, depth + 1) : { text: '', full: false };
    }
    if (n.type !== 'string' && n.type !== 'concatenation') return { text: '', full: false };
    let text = '';
    for (const p of n.namedChildren) {
      if (!p) continue;
      if (p.type === 'string_content') {
        text += p.text;
        continue;
      }
      const inner = this.prefix(p, bind, depth + 1);
      text += inner.text;
      if (!inner.full) return { text, full: false };
    }
    return { text, full: false };
  }
}

/** Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline. */
function unescapeQuoted(text: string): string {
  return text.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1');
}

/** `"$DIR/policy.json"`, `${DIR}/policy.json` and `file://$DIR/policy.json` name the same file. */
export function pathText(raw: string): string {
  return raw
    .replace(/^["']|["']$/g, '')
    .replace(/^fileb?:\/\//, '')
    .replace(/\$\{(\w+)\}/g, '$$$1');
}

/** `$(cat <<EOF ... EOF)` */
function hereDocumentOfCat(n: SyntaxNode): SyntaxNode | undefined {
  const inner = n.namedChildCount === 1 ? n.namedChildren[0] : undefined;
  if (inner?.type !== 'redirected_statement') return undefined;
  const body = inner.childForFieldName('body');
  if (body?.type !== 'command' || body.childForFieldName('name')?.text !== 'cat') return undefined;
  if (body.childrenForFieldName('argument').length) return undefined;
  const heredoc = inner.namedChildren.find((c) => c?.type === 'heredoc_redirect');
  return heredoc?.namedChildren.find((c) => c?.type === 'heredoc_body') ?? undefined;
}
