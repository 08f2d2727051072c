// Shell front end (tree-sitter-bash): `aws s3 cp/mv/sync` and `aws s3api put-object/...` command lines, the
// endpoint variables and configuration files the CLI reads, aliases of `aws` and functions that wrap it (read for
// each of their calls).
import { emptyFacts, type FileFacts, type OperationFact, type Prop } from '../types';
import type { ModuleFiles } from '../module-files';
import type { FrontEnd } from './front-end';
import { AwsCommands, type CommandPrefix } from './shell-command';
import { cliConfigEndpoints } from './shell-documents';
import { ShellValues, type Arg, type Binding } from './shell-values';
import { nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['word', 'string', 'raw_string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const SHELL_RELEVANT = /\baws(local)?\b|AWS_ENDPOINT_URL|http:\/\/|aws-cli/i;
const ENDPOINT_VARIABLES = new Set(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3']);
/** The CLI's configuration file, when the script writes it (`cat > ~/.aws/config <<EOF`). */
const CLI_CONFIG = /(^|\/)\.aws\/config$|AWS_CONFIG_FILE/;
/** A function's arguments passed on whole: `"$@"`, `$*`. */
const FORWARDED = /^"?\$[@*]"?$|^"?\$\{[@*]\}"?$/;

class ShellFacts {
  readonly facts: FileFacts = emptyFacts('shell');
  private readonly values: ShellValues;
  private readonly commands: AwsCommands;
  /** Aliases and forwarding functions of `aws`: the words (and settings) they put before their arguments. */
  private readonly prefixes = new Map<string, CommandPrefix>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
    private readonly path: string,
    private readonly module?: ModuleFiles,
  ) {
    this.values = new ShellValues(root, text);
    this.commands = new AwsCommands(this.values, text, this.facts);
  }

  /** `source "$HERE/config.sh"`, `. ./s3.env`: a file of the script's own folder, read for its settings. */
  private sources(nodes: readonly SyntaxNode[]): void {
    if (!this.module) return;
    for (const n of nodes) {
      if (n.type !== 'command' || !/^(source|\.)$/.test(n.childForFieldName('name')?.text ?? '')) continue;
      const file = /([\w.-]+)["']?$/.exec(n.childrenForFieldName('argument')[0]?.text ?? '')?.[1];
      if (!file || (file.startsWith('.') && file.length < 2)) continue;
      const name = new RegExp(`^${file.replace(/[.]/g, '\\.')}$`);
      for (const sibling of this.module.siblings(this.path, name)) this.values.addSourced(sibling.text);
    }
  }

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, ['variable_assignment', 'command', 'function_definition']);
    this.sources(nodes);
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const outer = n.parent?.type === 'string' ? n.parent : n;
      const v = this.values.value(outer);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(outer) });
    }
    for (const [path, doc] of this.values.files)
      if (CLI_CONFIG.test(path)) cliConfigEndpoints(this.facts, this.text, doc);
    const functions = nodes.filter((n) => n.type === 'function_definition');
    for (const fn of functions) this.forwarding(fn);
    let endpointVariable: string | undefined;
    for (const n of nodes) {
      const variable = n.type === 'variable_assignment' ? (n.childForFieldName('name')?.text ?? '') : '';
      // `AWS_ENDPOINT_URL=http://... aws s3 cp ...` sets it for that command only (read with the command).
      if (ENDPOINT_VARIABLES.has(variable) && n.parent?.type !== 'command') {
        // Commands after this line (in file order) use it: the client is named after the variable.
        endpointVariable = variable;
        this.facts.clients.push({
          variable,
          options: { props: this.endpointSettings(n, variable), complete: true },
          range: rangeOf(n),
        });
      }
      if (n.type !== 'command') continue;
      if (n.childForFieldName('name')?.text === 'alias') this.alias(n);
      const line = this.commands.line(n, this.prefixes);
      if (line) line.client = [...line.client, ...this.prefixedEnvironment(n)];
      const op = line && this.commands.read(line);
      if (!op) continue;
      if (endpointVariable && !op.receiver) op.receiver = endpointVariable;
      this.facts.operations.push(op);
      const fn = functions.filter((f) => f.startIndex <= n.startIndex && n.endIndex <= f.endIndex).pop();
      if (fn) this.perCall(fn, n, op, nodes);
    }
    return this.facts;
  }

  /** `AWS_ENDPOINT_URL=http://... aws s3 cp ...`: an endpoint set for this one command. */
  private prefixedEnvironment(cmd: SyntaxNode): Prop[] {
    return cmd.namedChildren
      .filter((c): c is SyntaxNode => c?.type === 'variable_assignment')
      .filter((a) => ENDPOINT_VARIABLES.has(a.childForFieldName('name')?.text ?? ''))
      .flatMap((a) => this.endpointSettings(a, a.childForFieldName('name')!.text));
  }

  /** `export AWS_ENDPOINT_URL="$S3_ENDPOINT"`: the variable's value, or each value a `case` may give it. */
  private endpointSettings(n: SyntaxNode, variable: string): Prop[] {
    const node = n.childForFieldName('value');
    const value = this.values.value(node);
    const prop: Prop = { name: 'endpoint', key: variable, range: rangeOf(n), value };
    const alternatives = value.str === undefined && node ? this.values.alternatives(node) : [];
    return alternatives.length ? alternatives.map((v) => ({ ...prop, value: { ...v, range: value.range } })) : [prop];
  }

  /** `alias s3lab='aws --endpoint-url https://... --no-verify-ssl s3'` */
  private alias(cmd: SyntaxNode): void {
    for (const arg of cmd.childrenForFieldName('argument')) {
      const eq = arg && /^([\w.-]+)=/.exec(arg.text);
      const body = arg?.type === 'concatenation' ? arg.namedChildren[1] : undefined;
      if (!eq || !body || (body.type !== 'raw_string' && body.type !== 'string')) continue;
      const value = this.values.value(body);
      if (value.str === undefined) continue;
      // Each word of the alias text, placed where it is written inside the quotes.
      const words: Arg[] = [];
      for (const m of value.str.matchAll(/\S+/g)) {
        const at = body.startIndex + 1 + (m.index ?? 0);
        const range = { start: at, end: at + m[0].length };
        words.push({ range, value: { range, str: m[0], origin: range } });
      }
      const command = words[0]?.value.str;
      if (command !== 'aws' && command !== 'awslocal') continue;
      const range = rangeOf(arg);
      const client = this.commands.implicitAt(command, words[0].range);
      this.prefixes.set(eq[1], { words: words.slice(1), client });
      // The alias's own transport options are reported where they are written.
      const op = this.commands.read({
        start: range.start,
        nameEnd: range.end,
        end: range.end,
        words: words.slice(1),
        client,
      });
      if (op?.op === 'Other') this.facts.operations.push(op);
    }
  }

  /** `s3ci() { aws --endpoint-url "$CI_S3" --no-verify-ssl "$@"; }`: calls of `s3ci` are `aws` command lines. */
  private forwarding(fn: SyntaxNode): void {
    const name = fn.childForFieldName('name')?.text;
    const body = fn.childForFieldName('body');
    const commands = body ? nodesOfTypes(body, ['command']) : [];
    if (!name || commands.length !== 1) return;
    const args = commands[0].childrenForFieldName('argument').filter((a): a is SyntaxNode => !!a);
    if (!args.length || !FORWARDED.test(args[args.length - 1].text)) return;
    const line = this.commands.line(commands[0], this.prefixes);
    if (!line) return;
    const forwarded = args[args.length - 1];
    this.prefixes.set(name, {
      words: line.words.filter((w) => w.range.start !== forwarded.startIndex),
      client: line.client,
    });
  }

  /**
   * An `aws` command inside a function whose endpoint comes from the function's arguments (`mirror_to URL src
   * dest` with `--endpoint-url "$1"`) is read again for each call: each call's endpoint is a client setting,
   * reported at the call, and an SSE-C command sends its key through any insecure one of them.
   */
  private perCall(fn: SyntaxNode, cmd: SyntaxNode, op: OperationFact, nodes: SyntaxNode[]): void {
    const name = fn.childForFieldName('name')?.text;
    const unbound = op.inlineClient?.options.props.find((p) => p.name === 'endpoint');
    if (!name || !unbound || unbound.value.str !== undefined) return;
    for (const call of nodes) {
      if (call.type !== 'command' || call.childForFieldName('name')?.text !== name) continue;
      if (fn.startIndex <= call.startIndex && call.endIndex <= fn.endIndex) continue;
      const bind: Binding = call
        .childrenForFieldName('argument')
        .filter((a): a is SyntaxNode => !!a)
        .map((a) => this.values.value(a));
      const line = this.commands.line(cmd, this.prefixes, bind);
      const endpoint =
        line && this.commands.read(line, bind)?.inlineClient?.options.props.find((p) => p.name === 'endpoint');
      if (endpoint?.value.str === undefined) continue;
      const prop: Prop = { ...endpoint, range: rangeOf(call) };
      this.facts.clients.push({ options: { props: [prop], complete: false }, range: rangeOf(call) });
      if (/^http:\/\//i.test(endpoint.value.str)) op.inlineClient?.options.props.push(prop);
    }
  }
}

export function createShellFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd(
    'bash',
    'shell',
    (root, text, path, module) => new ShellFacts(root, text, path, module).collect(),
    SHELL_RELEVANT,
  );
}
