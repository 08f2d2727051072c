// Shell front end (tree-sitter-bash): `aws s3 cp/mv/sync` and `aws s3api put-object/...` command lines.
import { cliFlagParam } from '../params';
import { emptyFacts, type FileFacts, type Operation, type Prop, type Range, type Value } from '../types';
import type { FrontEnd } from './front-end';
import { nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['word', 'string', 'raw_string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const SHELL_RELEVANT = /\baws\b|AWS_ENDPOINT_URL|http:\/\//i;

const S3API_OPS: Record<string, Operation> = {
  'put-object': 'PutObject', 'create-multipart-upload': 'CreateMultipartUpload', 'copy-object': 'CopyObject',
};
/** Flags that never take a value; everything else starting with -- consumes the next argument. */
const BOOLEAN_FLAGS = new Set(['--no-verify-ssl', '--recursive', '--dryrun', '--quiet', '--only-show-errors', '--no-progress',
  '--follow-symlinks', '--no-follow-symlinks', '--delete', '--exact-timestamps', '--size-only', '--debug', '--no-paginate',
  '--bucket-key-enabled', '--no-bucket-key-enabled', '--force-glacier-transfer', '--no-guess-mime-type', '--no-sign-request']);
const ENDPOINT_VARIABLES = new Set(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3']);

interface Arg {
  node: SyntaxNode;
  value: Value;
}

class ShellFacts {
  readonly facts: FileFacts = emptyFacts('shell');
  private readonly constants = new Map<string, SyntaxNode | null>();

  constructor(private readonly root: SyntaxNode, private readonly text: string) {}

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, ['variable_assignment', 'command']);
    for (const n of nodes) {
      if (n.type !== 'variable_assignment') continue;
      const name = n.childForFieldName('name')?.text ?? '';
      this.constants.set(name, this.constants.has(name) ? null : n.childForFieldName('value'));
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const outer = n.parent?.type === 'string' ? n.parent : n;
      const v = this.value(outer);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(outer) });
    }
    for (const n of nodes) {
      if (n.type === 'variable_assignment' && ENDPOINT_VARIABLES.has(n.childForFieldName('name')?.text ?? '')) {
        const value = this.value(n.childForFieldName('value'));
        this.facts.clients.push({ options: { props: [{ name: 'endpoint', key: 'AWS_ENDPOINT_URL', range: rangeOf(n), value }], complete: true }, range: rangeOf(n) });
      }
      if (n.type === 'command' && n.childForFieldName('name')?.text === 'aws') this.awsCommand(n);
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
          const v = p.type === 'string_content' ? { range: rangeOf(p), str: p.text, origin: range } : this.value(p, depth + 1);
          if (v.str === undefined) return { range, external: v.external };
          if (!origin && !str && v.str) origin = v.origin;
          str += v.str;
        }
        return { range, str, origin: origin ?? range };
      }
      case 'simple_expansion':
      case 'expansion': {
        const name = n.namedChildren.find((c) => c?.type === 'variable_name')?.text ?? '';
        if (n.type === 'expansion' && n.namedChildCount !== 1) return { range, external: true };
        const init = this.constants.get(name);
        return init ? { ...this.value(init, depth + 1), range } : { range, external: true };
      }
      default:
        return { range, external: n.type === 'command_substitution' };
    }
  }

  private awsCommand(cmd: SyntaxNode): void {
    const args: Arg[] = cmd.childrenForFieldName('argument').filter((a): a is SyntaxNode => !!a).map((node) => ({ node, value: this.value(node) }));
    const service = args[0]?.value.str;
    const action = args[1]?.value.str;
    if (!service || !action || (service !== 's3' && service !== 's3api')) return;
    const params: Prop[] = [];
    const client: Prop[] = [];
    const positional: Arg[] = [];
    let complete = true;
    for (let i = 2; i < args.length; i++) {
      const a = args[i]!;
      const text = a.value.str;
      if (text === undefined) {
        complete = false;
        continue;
      }
      if (!text.startsWith('--')) {
        positional.push(a);
        continue;
      }
      const next = args[i + 1];
      const takesValue = !BOOLEAN_FLAGS.has(text) && next !== undefined && !(next.value.str ?? '').startsWith('--')
        && !(text === '--sse' && !/^[A-Za-z0-9:_-]+$/.test(next.value.str ?? ''));
      const name = cliFlagParam(text);
      const value: Value = takesValue ? next!.value : text === '--sse' ? { range: rangeOf(a.node), str: 'AES256' } : { range: rangeOf(a.node), bool: true };
      const prop: Prop = { name, key: text, range: { start: a.node.startIndex, end: (takesValue ? next!.node : a.node).endIndex }, value };
      if (name === 'endpoint' || name === 'noVerifySsl') client.push(prop);
      else params.push(prop);
      if (takesValue) i++;
    }
    let op: Operation = 'Other';
    if (service === 's3api') op = S3API_OPS[action] ?? 'Other';
    else if (action === 'cp' || action === 'mv' || action === 'sync') {
      const [src, dst] = positional.map((p) => p.value.str ?? '');
      if (dst?.startsWith('s3://')) op = src?.startsWith('s3://') ? 'CopyObject' : 'PutObject';
    }
    const range = { start: cmd.startIndex, end: args[1]!.node.endIndex };
    const insert = { offset: cmd.endIndex, style: service === 's3api' ? ('shell-s3api' as const) : ('shell' as const), before: ' ', after: '', separator: ' ' };
    this.facts.operations.push({
      op,
      params: { props: params, complete, insert },
      inlineClient: { options: { props: client, complete }, range },
      range,
    });
  }
}

export function createShellFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd('bash', 'shell', (root, text) => new ShellFacts(root, text).collect(), SHELL_RELEVANT);
}
