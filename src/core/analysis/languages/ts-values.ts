// Evaluates TypeScript/JavaScript expressions to what the rules need: constant strings (with simple
// concatenation and template literals), booleans, enum members, and "external" reads (env, files, secrets).
// `import = require`, not `import * as`: a namespace import reads every ts.* through a getter when run from source.
import ts = require('typescript');
import { listInsertPoint } from '../fixes/params';
import { paramName } from '../params';
import { isLoopbackHost, parseHttpUrl } from '../urls';
import type { ParamBag, Prop, Range, Value } from '../types';
import { end, start, type TsDocument } from './ts-document';
import { returnedExpression } from './ts-functions';
import { settingDefault } from './ts-settings';

const WRAPPERS = /(^|\.)(from|encode|decode|getBytes|fromBase64|fromHex|fromUtf8|Endpoint|URL)$/;
/** Settings readers whose second argument is the default: NestJS `config.get('KEY', 'http://...')`, `env.get(...)`. */
const SETTING_WITH_DEFAULT =
  /(^|\.)((config|configService|settings|env)\.(get|getOrDefault|bool|int|float|str|json|array)|^env)$/i;
const EXTERNAL =
  /(^|\.)(readFileSync|readFile|getSecretValue|send|getParameter|fromEnv|decrypt|randomBytes|generateKey)$/;

/** A write into an object after its declaration: `params.ServerSideEncryption = 'aws:kms'` (key undefined: unknown). */
export interface Mutation {
  target: ts.Identifier;
  key?: string;
  value?: ts.Expression;
  node: ts.Node;
}

/** Nodes that open a scope for `const`/`let` (function parameters and bodies, blocks, the file). */
function isScope(n: ts.Node): boolean {
  return (
    ts.isBlock(n) ||
    ts.isSourceFile(n) ||
    ts.isModuleBlock(n) ||
    ts.isCaseBlock(n) ||
    ts.isFunctionLike(n) ||
    ts.isForStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isForInStatement(n)
  );
}

/** The file's own scope: one key for every source file, as re-parsed statements each have their own. */
const FILE_SCOPE = {};

/** The key of a scope node in the scope map. */
function scopeKey(n: ts.Node): object {
  return n.kind === ts.SyntaxKind.SourceFile ? FILE_SCOPE : n;
}

/** The scope a declaration belongs to (a key of the scope map). */
export function scopeOf(n: ts.Node): object {
  let p = n.parent;
  while (p && !isScope(p)) p = p.parent;
  return p ? scopeKey(p) : FILE_SCOPE;
}

export class TsValues {
  /** Per scope, single-assignment variables: name -> initializer; names assigned more than once map to null. */
  private readonly scopes = new Map<object, Map<string, ts.Expression | null>>();
  private readonly names = new Set<string>();
  /** Functions and methods by name (a name declared twice maps to null): calls resolve to what they return. */
  private readonly functions = new Map<string, ts.Node | null>();
  /** Writes into object literals after their declaration, keyed by the literal. */
  private readonly mutations = new Map<ts.Node, Mutation[]>();

  readonly text: string;

  constructor(readonly doc: TsDocument) {
    this.text = doc.text;
  }

  range(node: ts.Node): Range {
    const offset = this.doc.offsetOf(node);
    return { start: node.getStart() + offset, end: node.end + offset };
  }

  /** `scope`: scopeOf(the declaration), computed once when its statement is first scanned. */
  /** Whether any scope declares `name`. */
  declares(name: string): boolean {
    return this.names.has(name);
  }

  declare(name: string, init: ts.Expression | undefined, scope: object): void {
    this.names.add(name);
    let names = this.scopes.get(scope);
    if (!names) this.scopes.set(scope, (names = new Map<string, ts.Expression | null>()));
    names.set(name, names.has(name) || !init ? null : init);
  }

  declareFunction(name: string, fn: ts.Node): void {
    this.functions.set(name, this.functions.has(name) ? null : fn);
  }

  /** The function a call invokes when the file declares it: `helper(...)`, `this.helper(...)`, `const helper = () => ...`. */
  private calledFunction(call: ts.CallExpression): ts.Node | undefined {
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee)) {
      const init = this.lookup(callee);
      if (init && (ts.isArrowFunction(unwrap(init)) || ts.isFunctionExpression(unwrap(init)))) return unwrap(init);
      return this.functions.get(callee.text) ?? undefined;
    }
    if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword)
      return this.functions.get(callee.name.text) ?? undefined;
    return undefined;
  }

  /** `name = ...` after the declaration: the variable is no longer a constant in the scope that declares it. */
  reassign(id: ts.Identifier): void {
    for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
      const names = this.scopes.get(scopeKey(p));
      if (names?.has(id.text)) {
        names.set(id.text, null);
        return;
      }
    }
  }

  mutate(m: Mutation): void {
    const init = this.lookup(m.target);
    if (!init) return;
    const obj = this.resolve(init);
    let list = this.mutations.get(obj);
    if (!list) this.mutations.set(obj, (list = []));
    list.push(m);
  }

  /** The initializer of the declaration an identifier refers to, searching enclosing scopes outwards. */
  lookup(id: ts.Identifier): ts.Expression | undefined {
    for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
      const names = this.scopes.get(scopeKey(p));
      if (names?.has(id.text)) return names.get(id.text) ?? undefined;
    }
    return undefined;
  }

  /** The initializer a variable name stands for, through chains of `const a = b`. */
  resolve(expr: ts.Expression, depth = 0): ts.Expression {
    const e = unwrap(expr);
    if (ts.isIdentifier(e) && depth < 8) {
      const init = this.lookup(e);
      if (init) return this.resolve(init, depth + 1);
    }
    // `settings.storage.endpoint` where `settings` is an object literal in the file: the member's own expression.
    if (ts.isPropertyAccessExpression(e) && depth < 8) {
      const member = this.member(e.expression, e.name.text, depth + 1);
      if (member) return this.resolve(member, depth + 1);
    }
    // `clientConfig()` / `this.params(key, body)` / `denyHttp(bucket)`: the object or construct the helper returns.
    if (ts.isCallExpression(e) && depth < 8) {
      const returned = returnedExpression(this.calledFunction(e));
      if (returned && (ts.isObjectLiteralExpression(returned) || ts.isNewExpression(returned))) return returned;
    }
    return e;
  }

  value(expr: ts.Expression, depth = 0): Value {
    const e = unwrap(expr);
    const range = this.range(e);
    if (depth > 8) return { range };
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { range, str: e.text, origin: range };
    if (ts.isNumericLiteral(e)) return { range, str: e.text }; // a port in `${host}:${port}`
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { range, bool: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { range, bool: false };
    if (ts.isTemplateExpression(e)) {
      let str = e.head.text;
      let origin: Range | undefined = e.head.text ? range : undefined;
      for (const span of e.templateSpans) {
        const v = this.value(span.expression, depth + 1);
        if (v.str === undefined) return { range, prefix: str };
        if (!origin && !str && v.str) origin = v.origin;
        str += v.str + span.literal.text;
      }
      return { range, str, origin: origin ?? range };
    }
    if (
      ts.isBinaryExpression(e) &&
      (e.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    ) {
      // `process.env.S3_ENDPOINT || 'http://...'`: the literal is what runs unless configured otherwise.
      const l = this.value(e.left, depth + 1);
      if (l.str !== undefined || l.bool !== undefined) return { ...l, range };
      const r = this.value(e.right, depth + 1);
      return r.str !== undefined || r.bool !== undefined ? { ...r, range } : { range, external: l.external };
    }
    if (ts.isConditionalExpression(e)) {
      // `prod ? 'https://a' : 'http://b'`: either may run, so a plain-HTTP branch is what the rules must see.
      return { ...this.plainHttpChoice([e.whenTrue, e.whenFalse], depth), range };
    }
    if (ts.isElementAccessExpression(e) && !ts.isStringLiteralLike(e.argumentExpression)) {
      // `GATEWAYS[region]`: any entry of a table in the file may be chosen, a plain-HTTP one included.
      const table = this.resolve(e.expression, depth + 1);
      const entries = ts.isObjectLiteralExpression(table)
        ? table.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [p.initializer] : []))
        : ts.isArrayLiteralExpression(table)
          ? [...table.elements]
          : [];
      return { ...this.plainHttpChoice(entries, depth), range };
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = this.value(e.left, depth + 1);
      const r = this.value(e.right, depth + 1);
      if (l.str === undefined || r.str === undefined) return { range, prefix: l.str ?? l.prefix };
      return { range, str: l.str + r.str, origin: l.str ? l.origin : r.origin };
    }
    if (ts.isIdentifier(e)) {
      const init = this.lookup(e);
      if (!init) return { range };
      const v = this.value(init, depth + 1);
      return { ...v, range };
    }
    const text = e.getText();
    if (/^process\.env\b/.test(text) || /^import\.meta\.env\b/.test(text)) return { range, external: true };
    if (ts.isPropertyAccessExpression(e)) {
      const member =
        this.member(e.expression, e.name.text, depth + 1) ?? settingDefault(this, e.expression, [e.name.text]);
      if (member) return { ...this.value(member, depth + 1), range };
      return { range, enumName: text };
    }
    if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
      // `argv['kms-key']`, `settings['endpoint']`.
      const key = e.argumentExpression.text;
      const member = this.member(e.expression, key, depth + 1) ?? settingDefault(this, e.expression, [key]);
      if (member) return { ...this.value(member, depth + 1), range };
    }
    if (
      ts.isCallExpression(e) &&
      ts.isPropertyAccessExpression(e.expression) &&
      /^(toString|trim)$/.test(e.expression.name.text)
    ) {
      // Buffer.from('...').toString('base64'): the literal inside is still the key.
      const inner = this.value(e.expression.expression, depth + 1);
      if (inner.str !== undefined || inner.external) return { ...inner, range };
    }
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      const callee = e.expression.getText();
      const arg = e.arguments?.[0];
      if (WRAPPERS.test(callee) && arg) {
        const inner = this.value(arg, depth + 1);
        if (inner.str !== undefined || inner.external) return { ...inner, range };
      }
      // The default is what runs unless someone configures otherwise (like `process.env.X || '...'`).
      const fallback = e.arguments?.[1];
      if (ts.isCallExpression(e) && fallback && SETTING_WITH_DEFAULT.test(callee)) {
        const v = this.value(fallback, depth + 1);
        if (v.str !== undefined || v.bool !== undefined) return { ...v, range };
      }
      // convict's `config.get('archive.endpoint')`: the default its schema declares for that path.
      const reader = unwrap(e.expression);
      if (ts.isCallExpression(e) && arg && ts.isStringLiteralLike(arg) && ts.isPropertyAccessExpression(reader)) {
        const declared = reader.name.text === 'get' && settingDefault(this, reader.expression, arg.text.split('.'));
        if (declared) return { ...this.value(declared, depth + 1), range };
      }
      if (EXTERNAL.test(callee)) return { range, external: true };
    }
    if (ts.isPropertyAccessExpression(e) || ts.isAwaitExpression(e))
      return { range, external: /secret|env|config/i.test(text) };
    return { range };
  }

  /**
   * Of several values one of which runs, the plain-HTTP one (what the endpoint and SSE-C rules must see). A loopback
   * choice is a local-development switch (`offline ? 'http://localhost:4569' : undefined`); any other choice between
   * values stays unknown.
   */
  private plainHttpChoice(choices: readonly ts.Expression[], depth: number): Value | undefined {
    for (const c of choices.slice(0, 64)) {
      const v = this.value(c, depth + 1);
      const url = v.str === undefined ? undefined : parseHttpUrl(v.str);
      if (url && !isLoopbackHost(url.host)) return v;
    }
    return undefined;
  }

  /** The parameters of an object literal (directly or through a constant); incomplete for anything else. */
  bag(expr: ts.Expression | undefined, depth = 0): ParamBag {
    if (!expr || depth > 4) return { props: [], complete: false };
    const obj = this.resolve(expr);
    if (!ts.isObjectLiteralExpression(obj)) return { props: [], complete: false };
    const props: Prop[] = [];
    let complete = true;
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        const key = p.name.text;
        props.push({ name: paramName(key), key, range: this.range(p), value: this.value(p.initializer) });
      } else if (ts.isShorthandPropertyAssignment(p)) {
        const key = p.name.text;
        props.push({ name: paramName(key), key, range: this.range(p), value: this.value(p.name) });
      } else if (ts.isSpreadAssignment(p)) {
        // `...defaults` where defaults is an object literal in the file: its keys are visible too.
        const spread = this.bag(p.expression, depth + 1);
        props.push(...spread.props);
        if (!spread.complete) complete = false;
      } else if (ts.isPropertyAssignment(p)) {
        complete = false;
      }
    }
    for (const m of this.mutations.get(obj) ?? []) {
      if (m.key === undefined || !m.value) complete = false;
      else props.push({ name: paramName(m.key), key: m.key, range: this.range(m.node), value: this.value(m.value) });
    }
    // `{ ...hardened, enforceSSL: false }`: a later key replaces an earlier one, as in JavaScript.
    const lastOf = new Map(props.map((p, i) => [p.key, i]));
    const kept = props.filter((p, i) => lastOf.get(p.key) === i);
    const last = obj.properties[obj.properties.length - 1];
    const insert = listInsertPoint(
      this.text,
      'js',
      start(this.doc, obj) + 1,
      end(this.doc, obj) - 1,
      last ? this.range(last) : undefined,
    );
    return { props: kept, complete, insert };
  }

  /** The expression of `key` in an object literal (used for nested params like lib-storage's `params`). */
  member(expr: ts.Expression | undefined, key: string, depth = 0): ts.Expression | undefined {
    if (!expr || depth > 8) return undefined;
    const obj = this.resolve(expr, depth);
    if (!ts.isObjectLiteralExpression(obj)) return undefined;
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key)
        return p.initializer;
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
    }
    return undefined;
  }
}

export function unwrap(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}
