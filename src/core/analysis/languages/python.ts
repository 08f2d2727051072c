// Python front end (tree-sitter): boto3 clients and uploads, aws-encryption-sdk commitment policy, CDK buckets.
import { listInsertPoint } from '../fixes/params';
import { paramName } from '../params';
import { emptyFacts, type BucketFact, type FileFacts, type Operation, type ParamBag, type Prop, type Value } from '../types';
import type { FrontEnd } from './front-end';
import { nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const PYTHON_RELEVANT = /boto3|aws_cdk|aws_encryption_sdk|_object|upload_|http:\/\/|FORBID_ENCRYPT|SSECustomer|ServerSideEncryption|\.copy\(/i;

const OPERATIONS: Record<string, Operation> = {
  put_object: 'PutObject', create_multipart_upload: 'CreateMultipartUpload', copy_object: 'CopyObject',
};
const TRANSFER_METHODS: Record<string, Operation> = { upload_file: 'Upload', upload_fileobj: 'Upload', copy: 'CopyObject' };
const WRAPPERS = /(^|\.)(b64decode|urlsafe_b64decode|fromhex|unhexlify|encode|bytes)$/;
const EXTERNAL = /(^|\.)(getenv|get|read|read_bytes|read_text|get_secret_value|get_parameter|urandom|token_bytes)$/;

class PythonFacts {
  readonly facts: FileFacts = emptyFacts('python');
  private readonly constants = new Map<string, SyntaxNode | null>();
  private readonly usesCdk: boolean;

  constructor(private readonly root: SyntaxNode, private readonly text: string) {
    this.usesCdk = /\baws_cdk\b/.test(text);
  }

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, ['assignment', 'call']);
    for (const n of nodes) {
      if (n.type !== 'assignment') continue;
      const left = n.childForFieldName('left');
      if (left?.type === 'identifier') this.constants.set(left.text, this.constants.has(left.text) ? null : n.childForFieldName('right'));
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    for (const n of nodes) if (n.type === 'call') this.call(n);
    if (this.text.includes('FORBID_ENCRYPT_ALLOW_DECRYPT')) {
      for (const n of nodesOfTypes(this.root, ['attribute'])) {
        if (n.text.endsWith('.FORBID_ENCRYPT_ALLOW_DECRYPT')) this.facts.refs.push({ name: n.text, range: rangeOf(n) });
      }
    }
    return this.facts;
  }

  private assignedName(n: SyntaxNode): string | undefined {
    const p = n.parent;
    if (p?.type === 'assignment' && p.childForFieldName('right')?.id === n.id) return p.childForFieldName('left')?.text;
    return undefined;
  }

  value(n: SyntaxNode | null, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'string': {
        if (n.namedChildren.some((c) => c?.type === 'interpolation')) return { range };
        const str = n.namedChildren.filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence').map((c) => c!.text).join('');
        return { range, str, origin: range };
      }
      case 'concatenated_string': {
        const parts = n.namedChildren.map((c) => this.value(c, depth + 1));
        if (parts.some((p) => p.str === undefined)) return { range };
        return { range, str: parts.map((p) => p.str).join(''), origin: parts[0]?.origin };
      }
      case 'binary_operator': {
        if (n.childForFieldName('operator')?.text !== '+') return { range };
        const l = this.value(n.childForFieldName('left'), depth + 1);
        const r = this.value(n.childForFieldName('right'), depth + 1);
        if (l.str === undefined || r.str === undefined) return { range };
        return { range, str: l.str + r.str, origin: l.str ? l.origin : r.origin };
      }
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'parenthesized_expression':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'identifier': {
        const init = this.constants.get(n.text);
        return init ? { ...this.value(init, depth + 1), range } : { range };
      }
      case 'attribute':
        return /^os\.environ\b/.test(n.text) ? { range, external: true } : { range, enumName: n.text };
      case 'subscript':
        return /^os\.environ\b/.test(n.text) ? { range, external: true } : { range };
      case 'call': {
        const fn = n.childForFieldName('function');
        const callee = fn?.text ?? '';
        if (/^os\.(environ\.get|getenv)$/.test(callee)) return { range, external: true };
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'encode') {
          return { ...this.value(fn.childForFieldName('object'), depth + 1), range };
        }
        const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
        if (WRAPPERS.test(callee) && arg) {
          const inner = this.value(arg, depth + 1);
          if (inner.str !== undefined || inner.external) return { ...inner, range };
        }
        if (EXTERNAL.test(callee) || callee === 'open') return { range, external: true };
        return { range };
      }
      default:
        return { range };
    }
  }

  private kwargs(args: SyntaxNode | null): ParamBag & { positional: number } {
    const props: Prop[] = [];
    let complete = true;
    let positional = 0;
    const children = args?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') ?? [];
    for (const c of children) {
      if (c.type === 'keyword_argument') {
        const key = c.childForFieldName('name')?.text ?? '';
        props.push({ name: paramName(key), key, range: rangeOf(c), value: this.value(c.childForFieldName('value')) });
      } else if (c.type === 'list_splat' || c.type === 'dictionary_splat') complete = false;
      else positional++;
    }
    const last = children[children.length - 1];
    const insert = args ? listInsertPoint(this.text, 'py-kwargs', args.startIndex + 1, args.endIndex - 1, last ? rangeOf(last) : undefined) : undefined;
    return { props, complete, insert, positional };
  }

  private dict(n: SyntaxNode | null | undefined, depth = 0): ParamBag {
    if (n?.type === 'identifier' && depth < 5) {
      const init = this.constants.get(n.text);
      if (init) return this.dict(init, depth + 1);
    }
    if (n?.type !== 'dictionary') return { props: [], complete: false };
    const props: Prop[] = [];
    let complete = true;
    const children = n.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    for (const c of children) {
      const key = c.type === 'pair' ? this.value(c.childForFieldName('key')).str : undefined;
      if (key === undefined) complete = false;
      else props.push({ name: paramName(key), key, range: rangeOf(c), value: this.value(c.childForFieldName('value')) });
    }
    const last = children[children.length - 1];
    return { props, complete, insert: listInsertPoint(this.text, 'py-dict', n.startIndex + 1, n.endIndex - 1, last ? rangeOf(last) : undefined) };
  }

  private call(n: SyntaxNode): void {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!fn || args?.type !== 'argument_list') return;
    const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : fn.text;
    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object')?.text : undefined;
    const firstArg = this.value(args.namedChildren[0] ?? null);
    if ((method === 'client' || method === 'resource') && firstArg.str === 's3') {
      this.facts.clients.push({ variable: this.assignedName(n), options: this.kwargs(args), range: rangeOf(fn) });
    } else if (OPERATIONS[method] && receiver) {
      const bag = this.kwargs(args);
      this.facts.operations.push({ op: OPERATIONS[method], receiver, params: { ...bag, complete: bag.complete && bag.positional === 0 }, range: rangeOf(fn.childForFieldName('attribute') ?? fn) });
    } else if (TRANSFER_METHODS[method] && receiver) {
      this.transfer(n, TRANSFER_METHODS[method], receiver, args);
    } else if (method === 'Bucket' && this.usesCdk && args.namedChildren.length >= 2) {
      this.cdkBucket(fn, args);
    }
  }

  /** upload_file / upload_fileobj / copy: encryption goes in ExtraArgs. */
  private transfer(n: SyntaxNode, op: Operation, receiver: string, args: SyntaxNode): void {
    const bag = this.kwargs(args);
    const extra = bag.props.find((p) => p.key === 'ExtraArgs');
    const range = rangeOf(n.childForFieldName('function')?.childForFieldName('attribute') ?? n);
    if (extra) {
      const node = args.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'ExtraArgs');
      this.facts.operations.push({ op, receiver, params: this.dict(node?.childForFieldName('value')), range });
      return;
    }
    // No ExtraArgs at all: the parameters are fully visible (unless splatted) and choose no encryption.
    const insert = bag.insert && { ...bag.insert, style: 'py-dict' as const, before: `${bag.insert.before}ExtraArgs={`, after: `}${bag.insert.after}`, separator: ', ' };
    this.facts.operations.push({ op, receiver, params: { props: [], complete: bag.complete && bag.positional >= 3, insert }, range });
  }

  private cdkBucket(fn: SyntaxNode, args: SyntaxNode): void {
    const bag = this.kwargs(args);
    const id = this.value(args.namedChildren[1] ?? null).str ?? 'Bucket';
    const enforce = bag.props.find((p) => p.name === 'enforceSsl');
    const bucket: BucketFact = { name: id, range: rangeOf(fn), policy: 'missing' };
    if (enforce?.value.bool === true) bucket.policy = 'denies-insecure';
    else if (enforce?.value.bool === false) bucket.fix = { title: 'Set enforce_ssl=True', edits: [{ ...enforce.value.range, newText: 'True' }] };
    else if (enforce || !bag.complete) bucket.policy = 'unknown';
    else if (bag.insert) {
      const p = bag.insert;
      bucket.fix = { title: 'Add enforce_ssl=True', edits: [{ start: p.offset, end: p.offset, newText: `${p.before}enforce_ssl=True${p.after}` }] };
    }
    this.facts.buckets.push(bucket);
  }
}

export function createPythonFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd('python', 'python', (root, text) => new PythonFacts(root, text).collect(), PYTHON_RELEVANT);
}
