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
  /^(sudo|env|time|timeout|nice|nohup|xargs|exec|command|stdbuf|ionice|chronic|flock|find|parallel|watch|retry|kubectl|oc|docker|podman|su|ssh|sh|bash|zsh|dash)$/;
/** Words that run the rest of a command line: skipped before `aws` inside a command string. */
const PREFIX_WORDS = /^(sudo|env|time|timeout|nice|nohup|exec|command)$|^-|^\w+=/;
/** Where a wrapped command's own arguments end: `find -exec ... \;` / `+`, `parallel ... ::: inputs`. */
const WRAPPED_END = /^(\\;|;|\+|:::+\+?|::::)$/;

/** Names that run the AWS CLI. */
const AWS_COMMANDS = /^(aws|awslocal)$/;
const LOCALSTACK_ENDPOINT = 'http://localhost:4566';
const AWS_CLI_IMAGE = /^(?:[\w.-]+(?::\d+)?\/)*aws-cli(?::[\w.-]+)?$/;

/** What an alias or a forwarding function puts before its arguments: `aws` words and implied client settings. */
export interface CommandPrefix {
  words: Arg[];
  client: Prop[];
}

export interface AwsLine {
  /** Where the command starts (findings are reported from here to the action word). */
  start: number;
  /** Where the command's name ends: the shortest range a finding can have. */
  nameEnd: number;
  /** Where options can be appended (a quick fix). */
  end: number;
  words: Arg[];
  /** Client settings the command carries outside its words (`awslocal`, a container's environment). */
  client: Prop[];
}

export class AwsCommands {
  constructor(
    private readonly values: ShellValues,
    private readonly text: string,
    private readonly facts: FileFacts,
  ) {}

  /**
   * The `aws` words of a command node, also behind a wrapper, an alias or a function that forwards its arguments
   * (`s3ci() { aws --endpoint-url ... "$@"; }`), a command held in a variable (`$AWS s3 cp ...` with
   * `AWS="aws --region r"`), `awslocal` (LocalStack's `aws` for http://localhost:4566) and the AWS CLI image
   * (`docker run -e AWS_ENDPOINT_URL=... amazon/aws-cli s3 cp ...`).
   */
  line(cmd: SyntaxNode, prefixes: ReadonlyMap<string, CommandPrefix>, bind?: Binding): AwsLine | undefined {
    const nameNode = cmd.childForFieldName('name');
    const name = nameNode?.text ?? '';
    let args = cmd.childrenForFieldName('argument').filter((a): a is SyntaxNode => !!a);
    let end = cmd.endIndex;
    const start = { start: cmd.startIndex, nameEnd: nameNode?.endIndex ?? cmd.startIndex };
    const known = prefixes.get(name);
    if (known) return { ...start, end, client: known.client, words: [...known.words, ...this.argWords(args, bind)] };
    if (AWS_COMMANDS.test(name))
      return { ...start, end, client: this.implicit(nameNode!), words: this.argWords(args, bind) };
    const held = nameNode?.namedChildren[0];
    if (held && SPLITTING.has(held.type)) {
      // `$AWS s3 cp ...`: the variable's words are the command.
      const words = this.words(held, bind);
      if (!AWS_COMMANDS.test(words[0]?.value.str ?? '')) return undefined;
      return { ...start, end, client: [], words: [...words.slice(1), ...this.argWords(args, bind)] };
    }
    if (/^(docker|podman)$/.test(name)) {
      const run = this.container(cmd, args, start, bind);
      if (run) return run;
    }
    if (!WRAPPERS.test(name)) return undefined;
    const at = args.findIndex((a) => AWS_COMMANDS.test(a.text));
    if (at < 0) return this.inString(args, start);
    // `env AWS_ENDPOINT_URL=http://... aws s3 cp ...`: the CLI reads the variable.
    const client = [...this.implicit(args[at]), ...args.slice(0, at).flatMap((a) => this.endpointSetting(a))];
    args = args.slice(at + 1);
    // Options added by a fix go before `\;` / `:::`, inside the wrapped command.
    const stop = args.findIndex((a) => WRAPPED_END.test(a.text));
    if (stop >= 0) {
      args = args.slice(0, stop);
      end = args.at(-1)?.endIndex ?? end;
    }
    return { ...start, end, client, words: this.argWords(args, bind) };
  }

  /**
   * A command line inside a string another program runs: `sh -c 'aws s3 cp "$1" ...'`, `su backup -c "..."`,
   * `ssh host "aws s3 cp ..."`. The string's words are read as the shell would split them; a word with an
   * expansion the script does not resolve keeps its known start (enough to tell an `s3://` path).
   */
  private inString(args: readonly SyntaxNode[], start: { start: number; nameEnd: number }): AwsLine | undefined {
    const flag = args.findIndex((a) => /^-[a-z]{0,2}c$/.test(a.text));
    const script = flag >= 0 ? args[flag + 1] : args.filter((a) => /\baws(local)?\s/.test(a.text)).pop();
    if (!script || !/^(string|raw_string|word)$/.test(script.type)) return undefined;
    const quoted = script.type !== 'word';
    const body = this.text.slice(script.startIndex + (quoted ? 1 : 0), script.endIndex - (quoted ? 1 : 0));
    for (const command of splitCommands(body, script.startIndex + (quoted ? 1 : 0), script.type === 'raw_string')) {
      let i = 0;
      while (i < command.length && PREFIX_WORDS.test(command[i].text) && !AWS_COMMANDS.test(command[i].text)) i++;
      if (!AWS_COMMANDS.test(command[i]?.text ?? '')) continue;
      const words: Arg[] = command.slice(i + 1).map((w) => {
        const str = w.text.includes('$') ? this.values.expandText(w.text, script) : w.text;
        const value: Value =
          str !== undefined
            ? { range: w.range, str, origin: w.literal ? w.range : undefined }
            : { range: w.range, prefix: w.text.slice(0, w.text.indexOf('$')) };
        return { range: w.range, value };
      });
      const client = this.implicitAt(command[i].text, command[i].range);
      return { ...start, end: command[command.length - 1].range.end, client, words };
    }
    return undefined;
  }

  /** `AWS_ENDPOINT_URL=http://...` written as one word (an environment setting for the command it precedes). */
  endpointSetting(word: SyntaxNode): Prop[] {
    const m = /^(?:--env=)?(AWS_ENDPOINT_URL(?:_S3)?)=(.*)$/.exec(word.text);
    if (!m || m[2].includes('$')) return [];
    const at = word.endIndex - m[2].length;
    const range = { start: at, end: word.endIndex };
    const str = m[2].replace(/^["']|["']$/g, '');
    const origin = word.type === 'word' || /^["']/.test(m[2]) ? range : undefined;
    return [{ name: 'endpoint', key: m[1], range: rangeOf(word), value: { range, str, origin } }];
  }

  private argWords(args: readonly SyntaxNode[], bind?: Binding): Arg[] {
    return args.flatMap((node) => this.words(node, bind));
  }

  private implicit(command: SyntaxNode): Prop[] {
    return this.implicitAt(command.text, rangeOf(command));
  }

  /** `awslocal` sends to LocalStack's plain-HTTP endpoint. */
  implicitAt(command: string, range: Range): Prop[] {
    if (command !== 'awslocal') return [];
    return [{ name: 'endpoint', key: 'awslocal', range, value: { range, str: LOCALSTACK_ENDPOINT } }];
  }

  /** `docker run [options] amazon/aws-cli[:tag] s3 cp ...`: the image's entry point is `aws`. */
  private container(
    cmd: SyntaxNode,
    args: SyntaxNode[],
    start: { start: number; nameEnd: number },
    bind?: Binding,
  ): AwsLine | undefined {
    if (args[0]?.text !== 'run') return undefined;
    const image = args.findIndex((a) => AWS_CLI_IMAGE.test(a.text));
    if (image < 0) return undefined;
    const client: Prop[] = [];
    for (let i = 1; i < image; i++) {
      // `-e AWS_ENDPOINT_URL=http://...` / `--env=AWS_ENDPOINT_URL=...`: the CLI inside reads it.
      const env = /^(?:-e|--env)$/.test(args[i].text)
        ? args[i + 1]
        : /^--env=/.test(args[i].text)
          ? args[i]
          : undefined;
      if (env) client.push(...this.endpointSetting(env));
    }
    return { ...start, end: cmd.endIndex, client, words: this.argWords(args.slice(image + 1), bind) };
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
  private globals(all: Arg[]): { client: Prop[]; start: number; profile?: string } {
    const client: Prop[] = [];
    let start = 0;
    let profile: string | undefined;
    while (all[start]?.value.str?.startsWith('--')) {
      const { prop, used } = this.flag(all, start, GLOBAL_BOOLEAN);
      if (prop.name === 'endpoint' || prop.name === 'noVerifySsl')
        client.push(...this.alternatives(prop, all[start + 1]));
      if (prop.key === '--profile') profile = prop.value.str;
      start += used;
    }
    return { client, start, profile };
  }

  /** An endpoint variable the script sets in several places is each of its values. */
  private alternatives(prop: Prop, arg: Arg | undefined): Prop[] {
    if (prop.name !== 'endpoint' || prop.value.str !== undefined || !arg?.node || arg.range.start < prop.range.start)
      return [prop];
    const values = this.values.alternatives(arg.node);
    return values.length ? values.map((value) => ({ ...prop, value: { ...value, range: prop.value.range } })) : [prop];
  }

  /** The operation a command line performs (not yet added to the facts), or undefined for no S3 operation. */
  read(line: AwsLine, bind?: Binding): OperationFact | undefined {
    const { client, start, profile } = this.globals(line.words);
    client.unshift(...line.client);
    const args = line.words.slice(start);
    const service = args[0]?.value.str;
    const action = args[1]?.value.str;
    if (!service || !action) {
      // `aws --no-verify-ssl "$@"` in a wrapper function, an alias's `aws ... s3`: the transport options still apply.
      if (!client.length) return undefined;
      const range = { start: line.start, end: line.end };
      return {
        op: 'Other',
        params: { props: [], complete: false },
        inlineClient: { options: { props: client, complete: false }, range },
        range,
      };
    }
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
      if (prop.name === 'endpoint' || prop.name === 'noVerifySsl') client.push(...this.alternatives(prop, args[i + 1]));
      else params.push(prop);
      i += used - 1;
    }
    let op: Operation = 'Other';
    if (service === 's3api') op = S3API_OPS[action] ?? 'Other';
    else if (action === 'cp' || action === 'mv' || action === 'sync') {
      // Paths with variables still say where they go: `"s3://${BUCKET}/x"` is S3; a local path is an upload.
      const [src, dst] = positional.map((p) =>
        p.node
          ? this.values.prefix(p.node, bind)
          : { text: p.value.str ?? p.value.prefix ?? '', full: p.value.str !== undefined },
      );
      if (dst?.text.startsWith('s3://'))
        op = src?.text.startsWith('s3://') ? 'CopyObject' : src && (src.text || !src.full) ? 'PutObject' : 'Other';
    }
    // Documents are read once, not again for each call of a function around the command.
    const document = { facts: this.facts, values: this.values, text: this.text, params, args };
    if (!bind && service === 's3api' && action === 'put-bucket-encryption')
      bucketEncryption({ ...document, anchor: range });
    if (!bind && service === 's3api' && action === 'put-bucket-policy') bucketPolicy({ ...document, anchor: range });
    const insert = {
      offset: line.end,
      style: service === 's3api' ? ('shell-s3api' as const) : ('shell' as const),
      before: ' ',
      after: '',
      separator: ' ',
    };
    // `--profile offsite`: the profile's settings (an endpoint the script writes into ~/.aws/config) apply.
    const named = profile ?? params.find((p) => p.key === '--profile')?.value.str;
    return {
      op,
      receiver: named === undefined ? undefined : `profile:${named}`,
      params: { props: params, complete, insert },
      inlineClient: { options: { props: client, complete }, range },
      range,
    };
  }
}

interface StringWord {
  text: string;
  range: Range;
  /** Written without quotes or escapes: its text is its value, and a fix may edit it in place. */
  literal: boolean;
}

/** Splits a command string into commands (at unquoted `;`, `&`, `|`, newlines) and each into words. */
function splitCommands(body: string, offset: number, singleQuotedOuter: boolean): StringWord[][] {
  const commands: StringWord[][] = [[]];
  let word: StringWord | undefined;
  let quote: string | undefined;
  const add = (ch: string, at: number, literal: boolean) => {
    word ??= { text: '', range: { start: offset + at, end: offset + at }, literal: true };
    word.text += ch;
    word.literal &&= literal;
    word.range.end = offset + at + 1;
  };
  const close = () => {
    if (word) commands[commands.length - 1].push(word);
    word = undefined;
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < body.length) add(body[++i], i, false);
      else add(ch, i, false);
      if (word) word.range.end = offset + i + 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      add('', i, false);
      continue;
    }
    if (ch === '\\' && !singleQuotedOuter && i + 1 < body.length) {
      add(body[++i], i, false);
      continue;
    }
    if (/\s/.test(ch) || /[;&|]/.test(ch)) {
      close();
      if (/[;&|\n]/.test(ch) && commands[commands.length - 1].length) commands.push([]);
      continue;
    }
    add(ch, i, true);
  }
  close();
  return commands.filter((c) => c.length);
}
