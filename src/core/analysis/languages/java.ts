// Java front end (tree-sitter): SDK v2 request/client builders, SDK v1 client builders and the S3 Encryption Client.
import { paramName } from '../params';
import { emptyFacts, type FileFacts, type Operation, type OperationFact, type Prop, type Value } from '../types';
import type { FrontEnd } from './front-end';
import { nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['string_literal']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const JAVA_RELEVANT = /S3Client|AmazonS3|S3Encryption|Request\b|SecretKeySpec|CryptoMode|CommitmentPolicy|Protocol\.HTTP|TRUST_ALL|enableLegacy|http:\/\//;

const REQUESTS: Record<string, Operation> = {
  PutObjectRequest: 'PutObject', CreateMultipartUploadRequest: 'CreateMultipartUpload', CopyObjectRequest: 'CopyObject',
  UploadFileRequest: 'Upload',
};
const CLIENT_BUILDERS = /^(S3Client|S3AsyncClient|S3EncryptionClient|AmazonS3ClientBuilder|AmazonS3EncryptionClientV2Builder|S3CrtAsyncClient)$/;
const OPERATION_METHODS = new Set(['putObject', 'createMultipartUpload', 'copyObject', 'uploadFile']);
const WRAPPERS = /(^|\.)(getBytes|decode|create|parseHex|decodeHex|fromHex)$/;
const LEGACY_TYPES = new Set(['AmazonS3EncryptionClient', 'AmazonS3EncryptionClientBuilder']);
const REF_FIELDS = /^(CryptoMode\.EncryptionOnly|CommitmentPolicy\.FORBID_ENCRYPT_ALLOW_DECRYPT|Protocol\.HTTP|SdkHttpConfigurationOption\.TRUST_ALL_CERTIFICATES)$/;

interface Chain {
  root: SyntaxNode;
  links: Array<{ name: string; node: SyntaxNode; arg: SyntaxNode | null }>;
}

class JavaFacts {
  readonly facts: FileFacts = emptyFacts('java');
  private readonly constants = new Map<string, SyntaxNode | null>();
  private readonly opsByVariable = new Map<string, OperationFact>();

  constructor(private readonly root: SyntaxNode, private readonly text: string) {}

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, ['variable_declarator', 'assignment_expression', 'method_invocation', 'object_creation_expression', 'field_access']);
    for (const n of nodes) {
      if (n.type === 'variable_declarator') {
        const name = n.childForFieldName('name')?.text;
        if (name) this.constants.set(name, this.constants.has(name) ? null : n.childForFieldName('value'));
      } else if (n.type === 'assignment_expression') {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') this.constants.set(left.text, null);
      }
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    const calls: SyntaxNode[] = [];
    for (const n of nodes) {
      switch (n.type) {
        case 'field_access':
          if (REF_FIELDS.test(n.text) && n.parent?.type !== 'field_access') this.facts.refs.push({ name: n.text, range: rangeOf(n) });
          break;
        case 'object_creation_expression': {
          const type = n.childForFieldName('type')?.text ?? '';
          if (LEGACY_TYPES.has(type)) this.facts.refs.push({ name: type, range: rangeOf(n.childForFieldName('type')!) });
          if (type === 'SecretKeySpec') this.facts.keySinks.push(this.value(n.childForFieldName('arguments')?.namedChildren[0] ?? null));
          break;
        }
        case 'method_invocation':
          calls.push(n);
          this.invocation(n);
          break;
      }
    }
    for (const c of calls) {
      const name = c.childForFieldName('name')?.text ?? '';
      if (!OPERATION_METHODS.has(name)) continue;
      const arg = c.childForFieldName('arguments')?.namedChildren[0];
      const receiver = c.childForFieldName('object')?.text;
      if (arg?.type === 'identifier' && receiver) {
        const op = this.opsByVariable.get(arg.text);
        if (op && !op.receiver) op.receiver = receiver;
      }
    }
    return this.facts;
  }

  value(n: SyntaxNode | null, depth = 0): Value {
    if (!n) return { range: { start: 0, end: 0 } };
    const range = rangeOf(n);
    if (depth > 8) return { range };
    switch (n.type) {
      case 'string_literal': {
        const str = n.namedChildren.filter((c) => c?.type === 'string_fragment' || c?.type === 'escape_sequence').map((c) => c!.text).join('');
        return { range, str, origin: range };
      }
      case 'true':
        return { range, bool: true };
      case 'false':
        return { range, bool: false };
      case 'parenthesized_expression':
        return { ...this.value(n.namedChildren[0] ?? null, depth + 1), range };
      case 'binary_expression': {
        if (n.childForFieldName('operator')?.text !== '+') return { range };
        const l = this.value(n.childForFieldName('left'), depth + 1);
        const r = this.value(n.childForFieldName('right'), depth + 1);
        if (l.str === undefined || r.str === undefined) return { range };
        return { range, str: l.str + r.str, origin: l.str ? l.origin : r.origin };
      }
      case 'identifier': {
        const init = this.constants.get(n.text);
        return init ? { ...this.value(init, depth + 1), range } : { range };
      }
      case 'field_access':
        return n.text === 'Boolean.TRUE' ? { range, bool: true } : n.text === 'Boolean.FALSE' ? { range, bool: false } : { range, enumName: n.text };
      case 'method_invocation': {
        const name = n.childForFieldName('name')?.text ?? '';
        const obj = n.childForFieldName('object');
        if (/^(getenv|getProperty)$/.test(name) || /^(readAllBytes|readString|getSecretValue)$/.test(name)) return { range, external: true };
        if (name === 'getBytes' && obj) return { ...this.value(obj, depth + 1), range };
        const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
        if (WRAPPERS.test(name) && arg) return { ...this.value(arg, depth + 1), range };
        return { range };
      }
      default:
        return { range };
    }
  }

  /** `X.builder().a(1).b(2).build()` (or v1 `X.standard()...build()`), read from the `build()` call. */
  private chain(build: SyntaxNode): Chain | undefined {
    const links: Chain['links'] = [];
    let cur = build.childForFieldName('object');
    while (cur?.type === 'method_invocation') {
      const name = cur.childForFieldName('name')?.text ?? '';
      const obj = cur.childForFieldName('object');
      if ((name === 'builder' || name === 'standard') && obj?.type === 'identifier') return { root: obj, links };
      links.unshift({ name, node: cur, arg: cur.childForFieldName('arguments')?.namedChildren[0] ?? null });
      cur = obj;
    }
    return undefined;
  }

  private props(chain: Chain): Prop[] {
    return chain.links.map((l) => {
      let valueNode = l.arg;
      // v1: withEndpointConfiguration(new EndpointConfiguration("http://...", region))
      if (valueNode?.type === 'object_creation_expression') valueNode = valueNode.childForFieldName('arguments')?.namedChildren[0] ?? null;
      const key = l.name.replace(/^with/, '');
      const name = /^(withEndpointConfiguration|endpointOverride)$/.test(l.name) ? 'endpoint' : paramName(key);
      const nameNode = l.node.childForFieldName('name')!;
      return { name, key: l.name, range: { start: nameNode.startIndex, end: l.node.endIndex }, value: this.value(valueNode) };
    });
  }

  private invocation(n: SyntaxNode): void {
    const name = n.childForFieldName('name')?.text ?? '';
    if (/^enableLegacy/.test(name)) {
      this.facts.refs.push({ name, range: rangeOf(n.childForFieldName('name')!), arg: this.value(n.childForFieldName('arguments')?.namedChildren[0] ?? null) });
      return;
    }
    const obj = n.childForFieldName('object');
    if (obj?.type === 'identifier' && LEGACY_TYPES.has(obj.text)) this.facts.refs.push({ name: obj.text, range: rangeOf(obj) });
    if (name !== 'build') return;
    const chain = this.chain(n);
    if (!chain) return;
    const rootName = chain.root.text;
    const declarator = n.parent?.type === 'variable_declarator' ? n.parent.childForFieldName('name')?.text : undefined;
    if (REQUESTS[rootName]) {
      const op: OperationFact = {
        op: REQUESTS[rootName],
        params: { props: this.props(chain), complete: true, insert: { offset: n.childForFieldName('object')!.endIndex, style: 'java-builder', before: '', after: '', separator: '' } },
        range: rangeOf(chain.root),
      };
      const call = n.parent?.type === 'argument_list' ? n.parent.parent : undefined;
      if (call?.type === 'method_invocation' && OPERATION_METHODS.has(call.childForFieldName('name')?.text ?? '')) op.receiver = call.childForFieldName('object')?.text;
      if (declarator) this.opsByVariable.set(declarator, op);
      this.facts.operations.push(op);
    } else if (CLIENT_BUILDERS.test(rootName)) {
      this.facts.clients.push({ variable: declarator, options: { props: this.props(chain), complete: true }, range: rangeOf(chain.root) });
    }
  }
}

export function createJavaFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd('java', 'java', (root, text) => new JavaFacts(root, text).collect(), JAVA_RELEVANT);
}
