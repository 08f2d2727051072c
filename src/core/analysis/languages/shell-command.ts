// AWS CLI command lines: `aws [global options] s3 cp/mv/sync ...`, `aws s3api put-object ...`, also when run
// through a wrapper (`sudo`, `xargs`, `find -exec`, `parallel`) or an alias, with option arrays and option
// variables split into their words as the shell does.
import { cliFlagParam } from '../params';
import type { FileFacts, Operation, OperationFact, Prop, Range, Value } from '../types';
import { bucketEncryption, bucketPolicy } from './shell-documents';
import { SPLITTING, type Arg, type Binding, type ShellValues } from './shell-values';
import { rangeOf, type SyntaxNode } from './tree-sitter';

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
const WRAPPERS =
  /^(sudo|env|time|timeout|nice|nohup|xargs|exec|command|stdbuf|ionice|chronic|flock|find|parallel|watch|retry)$/;
/** Where a wrapped command's own arguments end: `find -exec ... \;` / `+`, `parallel ... ::: inputs`. */
const WRAPPED_END = /^(\\;|;|\+|:::+\+?|::::)$/;

export interface AwsLine {
  /** Where the command starts (findings are reported from here to the action word). */
  start: number;
  /** Where the command's name ends: the shortest range a finding can have. */
  nameEnd: number;
  /** Where options can be appended (a quick fix). */
  end: number;
  words: Arg[];
}

export class AwsCommands {
  constructor(
    private readonly values: ShellValues,
    private readonly text: string,
    private readonly facts: FileFacts,
  ) {}

  /** The `aws` words of a command node, also behind a wrapper or an alias (`alias s3lab='aws ... s3'`). */
  line(cmd: SyntaxNode, aliases: ReadonlyMap<string, Arg[]>, bind?: Binding): AwsLine | undefined {
    const nameNode = cmd.childForFieldName('name');
    const name = nameNode?.text;
    let args = cmd.childrenForFieldName('argument').filter((a): a is SyntaxNode => !!a);
    const alias = name ? aliases.get(name) : undefined;
    let end = cmd.endIndex;
    if (name !== 'aws' && !alias) {
      if (!name || !WRAPPERS.test(name)) return undefined;
      const at = args.findIndex((a) => a.text === 'aws');
      if (at < 0) return undefined;
      args = args.slice(at + 1);
      // Options added by a fix go before `\;` / `:::`, inside the wrapped command.
      const stop = args.findIndex((a) => WRAPPED_END.test(a.text));
      if (stop >= 0) {
        args = args.slice(0, stop);
        end = args.at(-1)?.endIndex ?? end;
      }
    }
    return {
      start: cmd.startIndex,
      nameEnd: nameNode?.endIndex ?? cmd.startIndex,
      end,
      words: [...(alias ?? []), ...args.flatMap((node) => this.words(node, bind))],
    };
  }

  /**
   * The words an argument becomes: `"${OPTS[@]}"` is the array's elements; an unquoted `$EXTRA_ARGS` whose value
   * the file sets to `"--sse AES256"` splits into `--sse` and `AES256`, as the shell would (values of split words
   * carry no origin, so fixes do not edit them, except an http:// URL, which is placed on the variable's literal).
   */
  words(node: SyntaxNode, bind?: Binding): Arg[] {
    const elements = this.values.arrayElements(node);
    if (elements) return elements.flatMap((e) => this.words(e, bind));
    if (elements === null) return [{ node, range: rangeOf(node), value: { range: rangeOf(node), external: true } }];
    const value = this.values.value(node, bind);
    const range = rangeOf(node);
    if (!SPLITTING.has(node.type) || value.str === undefined || !/\s/.test(value.str.trim()))
      return [{ node, range, value }];
    // A word holding the value's only URL keeps the variable's literal as its origin, so an http:// endpoint is
    // reported (and fixed) once, where the options are written.
    const origin = value.origin && (value.str.match(/http:\/\//gi) ?? []).length === 1 ? value.origin : undefined;
    return value.str
      .trim()
      .split(/\s+/)
      .map((str) => ({
        node,
        range,
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
        a.node?.type === 'word' ? { start: a.range.start + eq[1].length + 1, end: a.range.end } : undefined;
      let value: Value = { range: a.range, str: eq[2], origin };
      // --endpoint-url="$ENDPOINT": the value is the variable's, placed (and fixed) where the variable is set.
      const parts = a.node?.type === 'concatenation' ? a.node.namedChildren : [];
      if (parts.length === 2 && parts[0]?.text === `${eq[1]}=` && parts[1]) {
        const own = this.values.value(parts[1]);
        if (own.str === eq[2]) value = { ...own, range: a.range };
      }
      return { prop: { name: cliFlagParam(eq[1]), key: eq[1], range: a.range, value }, used: 1 };
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
        ? { range: a.range, str: 'AES256' }
        : { range: a.range, bool: true };
    const end = takesValue && next.range.start >= a.range.start ? next.range.end : a.range.end;
    return {
      prop: { name: cliFlagParam(text), key: text, range: { start: a.range.start, end }, value },
      used: takesValue ? 2 : 1,
    };
  }

  /** Global options before the service: `--endpoint-url URL`, `--no-verify-ssl`, `--profile p`. */
  private globals(all: Arg[]): { client: Prop[]; start: number } {
    const client: Prop[] = [];
    let start = 0;
    while (all[start]?.value.str?.startsWith('--')) {
      const { prop, used } = this.flag(all, start, GLOBAL_BOOLEAN);
      if (prop.name === 'endpoint' || prop.name === 'noVerifySsl') client.push(prop);
      start += used;
    }
    return { client, start };
  }

  /** An alias's own transport options (`alias s3lab='aws --no-verify-ssl s3'`) are a client setting where written. */
  aliasDefinition(words: Arg[], range: Range): void {
    const { client } = this.globals(words);
    if (client.length)
      this.facts.operations.push({
        op: 'Other',
        params: { props: [], complete: false },
        inlineClient: { options: { props: client, complete: false }, range },
        range,
      });
  }

  /** The operation a command line performs (not yet added to the facts), or undefined for no S3 operation. */
  read(line: AwsLine, bind?: Binding): OperationFact | undefined {
    const { client, start } = this.globals(line.words);
    const args = line.words.slice(start);
    const service = args[0]?.value.str;
    const action = args[1]?.value.str;
    if (!service || !action) return undefined;
    const range = { start: line.start, end: Math.max(line.nameEnd, args[1].range.end) };
    // `aws configure set [profile.][s3.]endpoint_url URL`: the profile's later commands go to that endpoint.
    if (
      service === 'configure' &&
      action === 'set' &&
      /(^|\.)endpoint_url$/.test(args[2]?.value.str ?? '') &&
      args[3]
    ) {
      if (bind) return undefined;
      this.facts.clients.push({
        options: {
          props: [{ name: 'endpoint', key: 'endpoint_url', range: args[3].range, value: args[3].value }],
          complete: false,
        },
        range: { start: line.start, end: line.end },
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
      if (!verify.length) return undefined;
      return {
        op: 'Other',
        params: { props: [], complete: false },
        inlineClient: { options: { props: verify, complete: false }, range: { start: line.start, end: line.end } },
        range: { start: line.start, end: line.end },
      };
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
        const name = /\$\{?#?(\w+|[@*])/.exec(a.node?.text ?? '')?.[1] ?? '';
        const expands = !!a.node && (SPLITTING.has(a.node.type) || /\[[@*]\]\}"?$/.test(a.node.text));
        if (
          expands &&
          (a.node!.type === 'command_substitution' || /^[@*]$|ARGS|OPTS|OPTIONS|FLAGS|PARAMS|EXTRA/i.test(name))
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
      const [src, dst] = positional.map((p) =>
        p.node ? this.values.prefix(p.node, bind) : { text: p.value.str ?? '', full: p.value.str !== undefined },
      );
      if (dst?.text.startsWith('s3://'))
        op = src?.text.startsWith('s3://') ? 'CopyObject' : src && (src.text || !src.full) ? 'PutObject' : 'Other';
    }
    // Documents are read once, not again for each call of a function around the command.
    if (!bind && service === 's3api' && action === 'put-bucket-encryption')
      bucketEncryption(this.facts, this.values, this.text, params, range);
    if (!bind && service === 's3api' && action === 'put-bucket-policy')
      bucketPolicy(this.facts, this.values, this.text, params, range);
    const insert = {
      offset: line.end,
      style: service === 's3api' ? ('shell-s3api' as const) : ('shell' as const),
      before: ' ',
      after: '',
      separator: ' ',
    };
    return {
      op,
      params: { props: params, complete, insert },
      inlineClient: { options: { props: client, complete }, range },
      range,
    };
  }
}
