// Shell front end (tree-sitter-bash): `aws s3 cp/mv/sync` and `aws s3api put-object/...` command lines.
import { cliFlagParam } from '../params';
import {
  emptyFacts,
  type FileFacts,
  type Operation,
  type OperationFact,
  type Prop,
  type Range,
  type Value,
} from '../types';
import type { FrontEnd } from './front-end';
import { nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['word', 'string', 'raw_string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const SHELL_RELEVANT = /\baws\b|AWS_ENDPOINT_URL|http:\/\//i;

const S3API_OPS: Record<string, Operation> = {
  'put-object': 'PutObject',
  'create-multipart-upload': 'CreateMultipartUpload',
  'copy-object': 'CopyObject',
};
/** Flags that never take a value; everything else starting with -- consumes the next argument. */
const BOOLEAN_FLAGS = new Set([
  '--no-verify-ssl',
  '--recursive',
  '--dryrun',
  '--quiet',
  '--only-show-errors',
  '--no-progress',
  '--follow-symlinks',
  '--no-follow-symlinks',
  '--delete',
  '--exact-timestamps',
  '--size-only',
  '--debug',
  '--no-paginate',
  '--bucket-key-enabled',
  '--no-bucket-key-enabled',
  '--force-glacier-transfer',
  '--no-guess-mime-type',
  '--no-sign-request',
]);
const ENDPOINT_VARIABLES = new Set(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3']);
/** Global options that may come before the service name (`aws --endpoint-url URL --region r s3 cp ...`). */
const GLOBAL_BOOLEAN = new Set([
  '--no-verify-ssl',
  '--debug',
  '--no-paginate',
  '--no-sign-request',
  '--no-cli-pager',
  '--no-cli-auto-prompt',
  '--cli-auto-prompt',
]);
/** Commands that run the command named in their arguments. */
const WRAPPERS = /^(sudo|env|time|timeout|nice|nohup|xargs|exec|command|stdbuf|ionice|chronic|flock)$/;
/** Unquoted expansions can split into several words, flags included: the command line is then not fully known. */
const SPLITTING = new Set(['simple_expansion', 'expansion', 'command_substitution']);

/** The known beginning of a word: `"s3://${BUCKET}/x"` -> `s3://`. */
interface Prefix {
  text: string;
  full: boolean;
}

interface Arg {
  node: SyntaxNode;
  value: Value;
}

class ShellFacts {
  readonly facts: FileFacts = emptyFacts('shell');
  private readonly constants = new Map<string, SyntaxNode | null>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
  ) {}

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, ['variable_assignment', 'command']);
    for (const n of nodes) {
      if (n.type !== 'variable_assignment') continue;
      const name = n.childForFieldName('name')?.text ?? '';
      this.constants.set(name, this.constants.has(name) ? null : n.childForFieldName('value'));
    }
    // `: "${S3_ENDPOINT:=http://...}"` assigns the default when the variable is unset: it is the variable's value.
    if (this.text.includes(':=')) {
      for (const n of nodesOfTypes(this.root, ['expansion'])) {
        const name = /^\$\{(\w+):?=/.exec(n.text)?.[1];
        if (name && !this.constants.has(name)) this.constants.set(name, n);
      }
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const outer = n.parent?.type === 'string' ? n.parent : n;
      const v = this.value(outer);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(outer) });
    }
    let endpointVariable: string | undefined;
    for (const n of nodes) {
      const variable = n.type === 'variable_assignment' ? (n.childForFieldName('name')?.text ?? '') : '';
      if (ENDPOINT_VARIABLES.has(variable)) {
        const value = this.value(n.childForFieldName('value'));
        // Commands after this line (in file order) use it: the client is named after the variable.
        endpointVariable = variable;
        this.facts.clients.push({
          variable,
          options: { props: [{ name: 'endpoint', key: variable, range: rangeOf(n), value }], complete: true },
          range: rangeOf(n),
        });
      }
      const args = n.type === 'command' ? this.awsArguments(n) : undefined;
      if (args) {
        const op = this.awsCommand(n, args);
        if (op && endpointVariable) op.receiver = endpointVariable;
      }
    }
    return this.facts;
  }

  value(n: SyntaxNode | null, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'word':
        return { range, str: n.text.replace(/\\(.)/g, '$1'), origin: range };
      case 'raw_string':
        return { range, str: n.text.slice(1, -1), origin: range };
      case 'string':
      case 'concatenation': {
        let str = '';
        let origin: Range | undefined;
        const parts = n.type === 'string' ? n.namedChildren : n.namedChildren;
        if (n.type === 'string' && parts.length === 0) return { range, str: '', origin: range };
        for (const p of parts) {
          if (!p) continue;
          const v =
            p.type === 'string_content' ? { range: rangeOf(p), str: p.text, origin: range } : this.value(p, depth + 1);
          if (v.str === undefined) return { range, external: v.external };
          if (!origin && !str && v.str) origin = v.origin;
          str += v.str;
        }
        return { range, str, origin: origin ?? range };
      }
      case 'simple_expansion':
      case 'expansion': {
        const name = n.namedChildren.find((c) => c?.type === 'variable_name')?.text ?? '';
        const fallback = /^\$\{\w+:?[-=]([^}$`]*)\}$/.exec(n.text);
        if (n.type === 'expansion' && fallback) {
          // ${S3_ENDPOINT:-http://...} (or := which also assigns it): the default is what runs unless the variable is set.
          const init = this.constants.get(name);
          const selfDefault = init && init.startIndex <= n.startIndex && n.endIndex <= init.endIndex; // X="${X:-default}"
          return init && !selfDefault
            ? { ...this.value(init, depth + 1), range }
            : { range, str: fallback[1].replace(/^["']|["']$/g, ''), origin: range };
        }
        if (n.type === 'expansion' && n.namedChildCount !== 1) return { range, external: true };
        const init = this.constants.get(name);
        return init ? { ...this.value(init, depth + 1), range } : { range, external: true };
      }
      default:
        return { range, external: n.type === 'command_substitution' };
    }
  }

  prefix(n: SyntaxNode, depth = 0): Prefix {
    const v = this.value(n);
    if (v.str !== undefined) return { text: v.str, full: true };
    if (depth > 4) return { text: '', full: false };
    if (n.type === 'simple_expansion' || (n.type === 'expansion' && n.namedChildCount === 1)) {
      // `"$S3_URI/x"` with `S3_URI="s3://${BUCKET}/$(hostname)"`: the variable's own known start.
      const name = n.namedChildren.find((c) => c?.type === 'variable_name')?.text ?? '';
      const init = this.constants.get(name);
      return init ? this.prefix(init, depth + 1) : { text: '', full: false };
    }
    if (n.type !== 'string' && n.type !== 'concatenation') return { text: '', full: false };
    let text = '';
    for (const p of n.namedChildren) {
      if (!p) continue;
      if (p.type === 'string_content') {
        text += p.text;
        continue;
      }
      const inner = this.prefix(p, depth + 1);
      text += inner.text;
      if (!inner.full) return { text, full: false };
    }
    return { text, full: false };
  }

  /**
   * The words an argument becomes: an unquoted `$EXTRA_ARGS` whose value the file sets to `"--sse AES256"` splits
   * into `--sse` and `AES256`, as the shell would (values of split words carry no origin, so fixes do not edit them,
   * except an http:// URL, which is placed on the variable's literal).
   */
  private words(node: SyntaxNode): Arg[] {
    const value = this.value(node);
    if (!SPLITTING.has(node.type) || value.str === undefined || !/\s/.test(value.str.trim())) return [{ node, value }];
    // A word holding the value's only URL keeps the variable's literal as its origin, so an http:// endpoint is
    // reported (and fixed) once, where the options are written.
    const origin = value.origin && (value.str.match(/http:\/\//gi) ?? []).length === 1 ? value.origin : undefined;
    return value.str
      .trim()
      .split(/\s+/)
      .map((str) => ({
        node,
        value: { range: value.range, str, origin: /^http:\/\//i.test(str) ? origin : undefined },
      }));
  }

  /** One `--flag [value]` as a Prop; returns the props and how many arguments it used. */
  private flag(args: Arg[], i: number, booleans: ReadonlySet<string>): { prop: Prop; used: number } {
    const a = args[i];
    const text = a.value.str!;
    const eq = /^(--[\w-]+)=([\s\S]*)$/.exec(text);
    if (eq) {
      // --endpoint-url=URL: one word holds flag and value.
      // Fixes edit only the value part, and only in a bare word (quotes would shift it).
      const origin =
        a.node.type === 'word' ? { start: a.node.startIndex + eq[1].length + 1, end: a.node.endIndex } : undefined;
      let value: Value = { range: rangeOf(a.node), str: eq[2], origin };
      // --endpoint-url="$ENDPOINT": the value is the variable's, placed (and fixed) where the variable is set.
      const parts = a.node.type === 'concatenation' ? a.node.namedChildren : [];
      if (parts.length === 2 && parts[0]?.text === `${eq[1]}=` && parts[1]) {
        const own = this.value(parts[1]);
        if (own.str === eq[2]) value = { ...own, range: rangeOf(a.node) };
      }
      return { prop: { name: cliFlagParam(eq[1]), key: eq[1], range: rangeOf(a.node), value }, used: 1 };
    }
    const next = args[i + 1];
    const takesValue =
      !booleans.has(text) &&
      next !== undefined &&
      !(next.value.str ?? '').startsWith('--') &&
      !(text === '--sse' && !/^[A-Za-z0-9:_-]+$/.test(next.value.str ?? ''));
    const value: Value = takesValue
      ? next.value
      : text === '--sse'
        ? { range: rangeOf(a.node), str: 'AES256' }
        : { range: rangeOf(a.node), bool: true };
    return {
      prop: {
        name: cliFlagParam(text),
        key: text,
        range: { start: a.node.startIndex, end: (takesValue ? next.node : a.node).endIndex },
        value,
      },
      used: takesValue ? 2 : 1,
    };
  }

  /** `--server-side-encryption-configuration '{"Rules":[...]}'` written inline as JSON. */
  private bucketEncryption(params: Prop[], anchor: Range): void {
    const config = params.find((p) => p.key === '--server-side-encryption-configuration');
    if (config?.value.str === undefined) return;
    let parsed: {
      Rules?: Array<{ ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: unknown }; BucketKeyEnabled?: unknown }>;
    };
    try {
      parsed = JSON.parse(config.value.str) as typeof parsed;
    } catch {
      return;
    }
    const rules = Array.isArray(parsed?.Rules) ? parsed.Rules : [];
    const raw = this.text.slice(config.value.range.start, config.value.range.end);
    const quote = raw.startsWith("'") ? "'" : undefined;
    rules.forEach((rule, i) => {
      const alg = rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
      if (typeof alg !== 'string') return;
      const bucketKey: Value | undefined =
        rule.BucketKeyEnabled === undefined
          ? undefined
          : {
              range: config.value.range,
              bool: rule.BucketKeyEnabled === true ? true : rule.BucketKeyEnabled === false ? false : undefined,
            };
      const fixed = { ...parsed, Rules: rules.map((r, j) => (j === i ? { ...r, BucketKeyEnabled: true } : r)) };
      const fix = quote
        ? {
            title: 'Add "BucketKeyEnabled": true',
            edits: [{ ...config.value.range, newText: `'${JSON.stringify(fixed)}'` }],
          }
        : undefined;
      this.facts.bucketEncryptions.push({
        algorithm: { range: config.value.range, str: alg },
        anchor,
        bucketKey,
        complete: true,
        fix,
      });
    });
  }

  /** The arguments of `aws ...`, also when run through a wrapper: `sudo -u backup aws ...`, `xargs -I{} aws ...`. */
  private awsArguments(cmd: SyntaxNode): SyntaxNode[] | undefined {
    const name = cmd.childForFieldName('name')?.text;
    const args = cmd.childrenForFieldName('argument').filter((a): a is SyntaxNode => !!a);
    if (name === 'aws') return args;
    if (!name || !WRAPPERS.test(name)) return undefined;
    const at = args.findIndex((a) => a.text === 'aws');
    return at >= 0 ? args.slice(at + 1) : undefined;
  }

  private awsCommand(cmd: SyntaxNode, argNodes: SyntaxNode[]): OperationFact | undefined {
    const all: Arg[] = argNodes.flatMap((node) => this.words(node));
    const client: Prop[] = [];
    let start = 0;
    while (all[start]?.value.str?.startsWith('--')) {
      const { prop, used } = this.flag(all, start, GLOBAL_BOOLEAN);
      if (prop.name === 'endpoint' || prop.name === 'noVerifySsl') client.push(prop);
      start += used;
    }
    const args = all.slice(start);
    const service = args[0]?.value.str;
    const action = args[1]?.value.str;
    if (!service || !action) return undefined;
    // `aws configure set [profile.][s3.]endpoint_url URL`: the profile's later commands go to that endpoint.
    if (
      service === 'configure' &&
      action === 'set' &&
      /(^|\.)endpoint_url$/.test(args[2]?.value.str ?? '') &&
      args[3]
    ) {
      const value = args[3].value;
      this.facts.clients.push({
        options: {
          props: [{ name: 'endpoint', key: 'endpoint_url', range: rangeOf(args[3].node), value }],
          complete: false,
        },
        range: rangeOf(cmd),
      });
      return undefined;
    }
    if (service !== 's3' && service !== 's3api') {
      // Other services: only the transport options matter (`aws --no-verify-ssl sts ...`).
      const verify = [
        ...client,
        ...args
          .slice(2)
          .map((a, i) => (a.value.str === '--no-verify-ssl' ? this.flag(args, i + 2, GLOBAL_BOOLEAN).prop : undefined)),
      ].filter((p): p is Prop => p?.name === 'noVerifySsl');
      if (verify.length)
        this.facts.operations.push({
          op: 'Other',
          params: { props: [], complete: false },
          inlineClient: { options: { props: verify, complete: false }, range: rangeOf(cmd) },
          range: rangeOf(cmd),
        });
      return undefined;
    }
    const params: Prop[] = [];
    const positional: Arg[] = [];
    let complete = true;
    for (let i = 2; i < args.length; i++) {
      const a = args[i];
      const text = a.value.str;
      if (text === undefined) {
        // An unquoted expansion may split into several words; one named like a list of options, or "$@", is
        // taken to hold flags. A path variable ($FILE) is just a path.
        const name =
          a.node.namedChildren.find((c) => c?.type === 'variable_name' || c?.type === 'special_variable_name')?.text ??
          '';
        if (
          SPLITTING.has(a.node.type) &&
          (a.node.type === 'command_substitution' || /^[@*]$|ARGS|OPTS|OPTIONS|FLAGS|PARAMS|EXTRA/i.test(name))
        )
          complete = false;
        else positional.push(a);
        continue;
      }
      if (!text.startsWith('--')) {
        positional.push(a);
        continue;
      }
      const { prop, used } = this.flag(args, i, BOOLEAN_FLAGS);
      if (prop.name === 'endpoint' || prop.name === 'noVerifySsl') client.push(prop);
      else params.push(prop);
      i += used - 1;
    }
    let op: Operation = 'Other';
    if (service === 's3api') op = S3API_OPS[action] ?? 'Other';
    else if (action === 'cp' || action === 'mv' || action === 'sync') {
      // Paths with variables still say where they go: `"s3://${BUCKET}/x"` is S3; a local path is an upload.
      const [src, dst] = positional.map((p) => this.prefix(p.node));
      if (dst?.text.startsWith('s3://'))
        op = src?.text.startsWith('s3://') ? 'CopyObject' : src && (src.text || !src.full) ? 'PutObject' : 'Other';
    }
    if (service === 's3api' && action === 'put-bucket-encryption')
      this.bucketEncryption(params, { start: cmd.startIndex, end: args[1].node.endIndex });
    const range = { start: cmd.startIndex, end: args[1].node.endIndex };
    const insert = {
      offset: cmd.endIndex,
      style: service === 's3api' ? ('shell-s3api' as const) : ('shell' as const),
      before: ' ',
      after: '',
      separator: ' ',
    };
    const fact: OperationFact = {
      op,
      params: { props: params, complete, insert },
      inlineClient: { options: { props: client, complete }, range },
      range,
    };
    this.facts.operations.push(fact);
    return fact;
  }
}

export function createShellFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd('bash', 'shell', (root, text) => new ShellFacts(root, text).collect(), SHELL_RELEVANT);
}
