// Ruby front end (tree-sitter): aws-sdk-s3 clients, uploads (client put_object, resource Object#put/upload_file),
// bucket encryption calls and the legacy S3 encryption client configuration.
import { paramName } from '../params';
import { receiverKey } from '../rules/client-resolution';
import { emptyFacts, type FileFacts, type Operation, type ParamBag, type Prop, type Range, type Value } from '../types';
import type { FrontEnd } from './front-end';
import {
  fogConnection,
  GLOBAL_CONFIG,
  transportSettings,
  libraryAssignment,
  libraryOption,
  serviceConfig,
  type RubyContext,
} from './ruby-libraries';
import { RubyValues } from './ruby-values';
import { nodesOfTypes, nodesWithHttp, rangeOf, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['string']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const RUBY_RELEVANT =
  /Aws::S3|aws-sdk|v2_and_legacy|http:\/\/|Storage::S3|S3Service|fog_|Fog::Storage|s3_(protocol|options|server_side)|upload_options|Aws\.config/;
const LEGACY_CLIENT = 'Aws::S3::Encryption::Client';
/** Presigned requests that upload: the same parameters as the call they sign. */
const PRESIGNED_UPLOADS: Record<string, Operation> = {
  ':put_object': 'PutObject',
  ':put': 'PutObject',
  ':create_multipart_upload': 'CreateMultipartUpload',
  ':copy_object': 'CopyObject',
};

/** Client calls, and resource Object calls with the same keyword options. */
const CLIENT_OPERATIONS: Record<string, Operation> = {
  put_object: 'PutObject',
  create_multipart_upload: 'CreateMultipartUpload',
  copy_object: 'CopyObject',
};
/** Requests that send SSE-C key headers without uploading (reads, parts): checked by the SSE-C rules only. */
const CLIENT_READS = new Set(['get_object', 'head_object', 'upload_part', 'upload_part_copy', 'select_object_content']);
const OBJECT_OPERATIONS: Record<string, { op: Operation; positionals: number }> = {
  get: { op: 'Other', positionals: 0 },
  head: { op: 'Other', positionals: 0 },
  download_file: { op: 'Other', positionals: 1 },
  upload_file: { op: 'Upload', positionals: 1 },
  upload_stream: { op: 'Upload', positionals: 0 },
  put: { op: 'PutObject', positionals: 0 },
  copy_from: { op: 'CopyObject', positionals: 1 },
  copy_to: { op: 'CopyObject', positionals: 1 },
};

class RubyFacts implements RubyContext {
  readonly facts: FileFacts = emptyFacts('ruby');
  values!: RubyValues;
  /**
   * Names holding an S3 encryption client: what they upload is encrypted on the client. An instance variable
   * belongs to its class (`@client` in two classes of a file is two clients), so it is kept with that class's span.
   */
  private readonly encryptionClients: Array<{ name: string; owner?: { start: number; end: number } }> = [];
  /** Keys written into hash literals after their declaration (`params[:server_side_encryption] = ...`), by hash. */
  private readonly hashWrites = new Map<number, Array<{ key?: string; node: SyntaxNode; value: SyntaxNode | null }>>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly text: string,
  ) {}

  value(n: SyntaxNode | null | undefined): Value {
    return this.values.value(n);
  }

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, ['assignment', 'scope_resolution', 'pair', 'call']);
    this.values = new RubyValues(
      nodes.filter((n) => n.type === 'assignment'),
      (types) => nodesOfTypes(this.root, types),
    );
    for (const n of nodes) {
      const left = n.type === 'assignment' ? n.childForFieldName('left') : null;
      if (left?.type !== 'element_reference') continue;
      const hash = this.hashOf(left.childForFieldName('object'));
      if (!hash) continue;
      const keyNode = left.namedChildren[1];
      const key =
        keyNode?.type === 'simple_symbol' ? keyNode.text.slice(1) : keyNode ? this.value(keyNode).str : undefined;
      const list = this.hashWrites.get(hash.id) ?? [];
      list.push({ key, node: n, value: n.childForFieldName('right') });
      this.hashWrites.set(hash.id, list);
    }
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    for (const n of nodes) {
      if (n.type === 'scope_resolution' && n.parent?.type !== 'scope_resolution' && n.text === LEGACY_CLIENT) {
        this.facts.refs.push({ name: LEGACY_CLIENT, range: rangeOf(n) });
      } else if (n.type === 'pair' && /^:?security_profile:?$/.test(n.childForFieldName('key')?.text ?? '')) {
        const value = n.childForFieldName('value');
        if (value) this.facts.refs.push({ name: `security_profile: ${value.text}`, range: rangeOf(value) });
      } else if (n.type === 'pair') {
        libraryOption(this, n);
      } else if (n.type === 'call') {
        this.call(n);
      } else if (n.type === 'assignment') {
        libraryAssignment(this, n);
      }
    }
    this.clientLinks(nodesOfTypes(this.root, ['assignment', 'operator_assignment']));
    // Uploads through an S3 encryption client are encrypted before they leave: they choose encryption.
    for (const op of this.facts.operations)
      if (
        this.encryptionClients.some(
          (c) =>
            c.name === op.receiver && (!c.owner || (c.owner.start <= op.range.start && op.range.start < c.owner.end)),
        )
      )
        op.params.complete = false;
    return this.facts;
  }

  /**
   * Keyword arguments (`key: value` pairs, also inside a trailing `{...}` hash, a hash held in a name, or built with
   * `BASE.merge(key: k)`, where later keys win); `**opts` of an unknown hash hides some.
   */
  options(args: SyntaxNode | null): ParamBag & { positional: number } {
    const props: Prop[] = [];
    let complete = true;
    let positional = 0;
    const addPairs = (container: SyntaxNode, depth: number, top: boolean) => {
      for (const c of container.namedChildren) {
        if (!c || c.type === 'comment') continue;
        if (c.type === 'pair') {
          const key = (c.childForFieldName('key')?.text ?? '').replace(/^:|:$/g, '').replace(/^["']|["']$/g, '');
          props.push({ name: paramName(key), key, range: rangeOf(c), value: this.value(c.childForFieldName('value')) });
        } else if (c.type === 'hash_splat_argument') {
          // `**OPTIONS` where OPTIONS is a hash literal in the file: its keys are visible too.
          const parts = depth < 4 ? this.values.containers(c.namedChildren[0]) : undefined;
          if (parts) for (const part of parts) addPairs(part, depth + 1, false);
          else complete = false;
        } else if (c.type === 'splat_argument' || c.type === 'block_argument') complete = false;
        else if (c.type === 'hash' && top) addPairs(c, depth, false);
        else {
          // `put_object(params)` with `params = { bucket: ..., key: ... }` (and `params[:k] = v` later), or
          // `put_object(DEFAULTS.merge(key: k))`.
          const parts = top && depth < 4 ? this.values.containers(c) : undefined;
          if (!parts) {
            positional++;
            continue;
          }
          for (const part of parts) {
            addPairs(part, depth + 1, part.type !== 'hash');
            for (const w of this.hashWrites.get(part.id) ?? []) {
              if (w.key === undefined) complete = false;
              else
                props.push({ name: paramName(w.key), key: w.key, range: rangeOf(w.node), value: this.value(w.value) });
            }
          }
        }
      }
    };
    if (args) addPairs(args, 0, true);
    // A key written twice (a default merged with an override) has its last value.
    const last = new Map(props.map((p) => [p.key, p]));
    return { props: props.filter((p) => last.get(p.key) === p), complete, positional };
  }

  private lookup(name: SyntaxNode): SyntaxNode | null | undefined {
    return this.values.lookup(name);
  }

  hashOf(n: SyntaxNode | null | undefined): SyntaxNode | undefined {
    return this.values.hashOf(n);
  }

  /** `bucket.objects(prefix: p).each do |summary| ... end`: the enumeration a block parameter comes from. */
  private enumeratedFrom(n: SyntaxNode): SyntaxNode | undefined {
    if (n.type !== 'identifier' || this.lookup(n) !== undefined) return undefined;
    for (let p = n.parent; p; p = p.parent) {
      if (p.type !== 'block' && p.type !== 'do_block') continue;
      const params = p.namedChildren.find((c) => c?.type === 'block_parameters');
      if (!params?.namedChildren.some((c) => c?.text === n.text)) continue;
      const source = p.parent?.type === 'call' ? p.parent.childForFieldName('receiver') : undefined;
      return source?.type === 'call' && source.childForFieldName('method')?.text === 'objects' ? source : undefined;
    }
    return undefined;
  }

  private receiverIsObject(n: SyntaxNode | null, depth = 0): boolean {
    if (!n || depth > 3) return false;
    if (this.enumeratedFrom(n)) return true;
    if (n.type === 'call')
      return (
        /^(object|objects|Object)$/.test(n.childForFieldName('method')?.text ?? '') ||
        /Aws::S3::Object\.new/.test(n.text)
      );
    const init = this.lookup(n);
    return init ? this.receiverIsObject(init, depth + 1) : false;
  }

  /** `@bucket.object(key)`, `obj` (= `bucket.object(k)`): the client or resource the Object comes from. */
  private clientBehind(n: SyntaxNode, depth = 0): string {
    if (depth > 4) return n.text;
    const enumeration = this.enumeratedFrom(n);
    if (enumeration) return this.clientBehind(enumeration, depth + 1);
    if (n.type === 'call' && n.childForFieldName('method')?.text === 'new') {
      // `Aws::S3::Bucket.new(name, client: @legacy)`, `Aws::S3::Object.new(b, k, client: c)`
      const client = this.values.pairValue(n.childForFieldName('arguments'), 'client');
      if (client) return client.text;
    }
    if (n.type === 'call' && /^(object|objects|bucket|Object)$/.test(n.childForFieldName('method')?.text ?? '')) {
      const inner = n.childForFieldName('receiver');
      return inner ? this.clientBehind(inner, depth + 1) : n.text;
    }
    const init = /^(identifier|instance_variable)$/.test(n.type) ? this.lookup(n) : undefined;
    return init?.type === 'call' ? this.clientBehind(init, depth + 1) : n.text;
  }

  private call(n: SyntaxNode): void {
    const method = n.childForFieldName('method')?.text ?? '';
    const receiver = n.childForFieldName('receiver');
    const args = n.childForFieldName('arguments');
    if (method === 'new' && /^Aws::S3::(Client|Resource)$/.test(receiver?.text ?? '')) return this.client(n, args);
    // Upload libraries pass their options on to the Aws::S3::Client they make (Shrine, Active Storage's service).
    if (method === 'new' && /^(::)?(Shrine::Storage::S3|ActiveStorage::Service::S3Service)$/.test(receiver?.text ?? ''))
      return this.client(n, args);
    if (method === 'new' && /^(::)?Fog::(Storage|AWS::Storage)$/.test(receiver?.text ?? '')) {
      const hash = args?.namedChildren.find((c) => c?.type === 'hash') ?? args;
      if (hash) fogConnection(this, hash, n);
      return;
    }
    if (method === 'new' && /^Aws::S3::Encryption(V\d)?::Client$/.test(receiver?.text ?? '')) {
      // The client-side master key handed to the S3 encryption client.
      const key = this.options(args).props.find((p) => p.key === 'encryption_key');
      if (key) this.facts.keySinks.push(key.value);
      const holder = this.holder(n);
      if (holder) this.encryptionClients.push({ name: holder, owner: holder.startsWith('@') ? classOf(n) : undefined });
      return;
    }
    if (method === 'presigned_url' && receiver) return this.presigned(n, receiver, args);
    if (method === 'update' && receiver?.text === 'Aws.config') {
      serviceConfig(this, args);
      return this.client(n, args);
    }
    if (!receiver) return;
    const range = rangeOf(n.childForFieldName('method')!);
    const object = OBJECT_OPERATIONS[method];
    if (CLIENT_OPERATIONS[method] || CLIENT_READS.has(method)) {
      const bag = this.options(args);
      this.facts.operations.push({
        op: CLIENT_OPERATIONS[method] ?? 'Other',
        receiver: receiver.text,
        params: { ...bag, complete: bag.complete && bag.positional === 0 },
        range,
      });
    } else if (object && (method === 'upload_file' || this.receiverIsObject(receiver))) {
      const bag = this.options(args);
      this.facts.operations.push({
        op: object.op,
        receiver: this.clientBehind(receiver),
        params: {
          ...bag,
          complete:
            bag.complete && bag.positional <= object.positionals && (method !== 'upload_file' || bag.positional === 1),
        },
        range,
      });
    } else if (method === 'put_bucket_encryption') {
      this.bucketEncryption(args, range);
    }
  }

  /**
   * `Aws::S3::Presigner.new(client: s3).presigned_url(:put_object, bucket:, key:, ...)` and `obj.presigned_url(:put)`:
   * an upload request signed with these parameters, sent later by whoever holds the URL.
   */
  private presigned(n: SyntaxNode, receiver: SyntaxNode, args: SyntaxNode | null): void {
    const op = PRESIGNED_UPLOADS[args?.namedChildren[0]?.text ?? ''];
    if (!op) return;
    const presigner = this.values.lookup(receiver) ?? receiver;
    const client = /Presigner\.new/.test(presigner.text)
      ? this.values.pairValue(presigner.childForFieldName('arguments'), 'client')
      : undefined;
    const bag = this.options(args);
    this.facts.operations.push({
      op,
      receiver: client ? client.text : this.clientBehind(receiver),
      params: { ...bag, complete: bag.complete && bag.positional === 1 },
      range: rangeOf(n.childForFieldName('method')!),
    });
  }

  /**
   * put_bucket_encryption(server_side_encryption_configuration: { rules: [{ apply_server_side_encryption_by_default:
   * {...}, bucket_key_enabled: }] }); any level may be held in a name (`rules: RULES`).
   */
  private bucketEncryption(args: SyntaxNode | null, anchor: { start: number; end: number }): void {
    const config = this.values.pairValue(args, 'server_side_encryption_configuration');
    const list = this.values.arrayOf(this.values.pairValue(config, 'rules'));
    for (const item of list?.namedChildren ?? []) {
      const rule = this.hashOf(item);
      if (!rule) continue;
      const bag = this.options(rule);
      const byDefault = this.hashOf(this.values.pairValue(rule, 'apply_server_side_encryption_by_default'));
      const algorithm = byDefault ? this.options(byDefault).props.find((p) => p.name === 'sse')?.value : undefined;
      if (!algorithm) continue;
      this.facts.bucketEncryptions.push({
        algorithm,
        anchor,
        bucketKey: bag.props.find((p) => p.name === 'bucketKey')?.value,
        complete: bag.complete,
      });
    }
  }

  /** `Aws::S3::Client.new(endpoint: ..., ssl_verify_peer: false)`, `Aws::S3::Resource.new(...)`, `Aws.config.update(...)` */
  client(n: SyntaxNode, args: SyntaxNode | null): void {
    const { props } = this.options(args);
    const global = n.childForFieldName('receiver')?.text === 'Aws.config';
    // `Aws::S3::Resource.new(client: @client)` uses that client's transport; a client without an endpoint of its
    // own takes the one `Aws.config.update(endpoint: ...)` sets for every client.
    const wrapped = props.find((p) => p.key === 'client');
    const derivesFrom = wrapped
      ? this.text.slice(wrapped.value.range.start, wrapped.value.range.end)
      : global || props.some((p) => p.name === 'endpoint')
        ? undefined
        : GLOBAL_CONFIG;
    const rest = props.filter((p) => p !== wrapped);
    this.facts.clients.push({
      variable: global ? (transportSettings(rest) ? GLOBAL_CONFIG : undefined) : this.holder(n),
      derivesFrom,
      options: { props: rest, complete: true },
      range: rangeOf(n),
    });
  }

  /**
   * The name that holds what `n` makes: `s3 = ...`, `@s3 ||= ...`, the method whose value it is
   * (`def client; Aws::S3::Client.new(...); end` -> `client()`); `@bucket = Aws::S3::Resource.new(...).bucket(name)`
   * holds that resource's transport too.
   */
  private holder(n: SyntaxNode): string | undefined {
    let held = n;
    while (held.parent?.type === 'call' && held.parent.childForFieldName('receiver')?.id === held.id)
      held = held.parent;
    return /^(assignment|operator_assignment)$/.test(held.parent?.type ?? '')
      ? held.parent!.childForFieldName('left')?.text
      : this.returnedBy(held);
  }

  /**
   * Names that hold a client made elsewhere in the file: `@s3 ||= ClientFactory.build` (a method returning a
   * client), `def self.s3; @s3 ||= ...; end`, `s3 = client`. Only links that reach a known client are kept.
   */
  private clientLinks(assignments: readonly SyntaxNode[]): void {
    const known = new Set(this.facts.clients.flatMap((c) => (c.variable ? [receiverKey(c.variable)] : [])));
    const candidates: Array<{ variable: string; from: string; range: Range }> = [];
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (!left || !right || !/^(call|identifier|instance_variable|constant)$/.test(right.type)) continue;
      if (right.type === 'call' && right.childForFieldName('arguments')?.namedChildCount) continue;
      candidates.push({ variable: left.text, from: right.text, range: rangeOf(a) });
      const method = this.returnedBy(a);
      if (method) candidates.push({ variable: method, from: left.text, range: rangeOf(a) });
    }
    for (let pass = 0; pass < 3; pass++) {
      for (const c of candidates.splice(0)) {
        if (!known.has(receiverKey(c.from))) {
          candidates.push(c);
          continue;
        }
        known.add(receiverKey(c.variable));
        this.facts.clients.push({
          variable: c.variable,
          derivesFrom: c.from,
          options: { props: [], complete: true },
          range: c.range,
        });
      }
    }
  }

  /** `name()` of the method whose last expression is `n`. */
  private returnedBy(n: SyntaxNode): string | undefined {
    const body = n.parent;
    const method = body?.type === 'body_statement' ? body.parent : body;
    if (!method || !/^(method|singleton_method)$/.test(method.type)) return undefined;
    const last = (body?.namedChildren ?? []).filter((c) => c?.type !== 'comment').pop();
    return last?.id === n.id ? `${method.childForFieldName('name')?.text}()` : undefined;
  }
}

export function createRubyFrontEnd(): Promise<FrontEnd> {
  return treeSitterFrontEnd('ruby', 'ruby', (root, text) => new RubyFacts(root, text).collect(), RUBY_RELEVANT);
}

/** The span of the class or module a node is written in (what an instance variable there belongs to). */
function classOf(n: SyntaxNode): { start: number; end: number } | undefined {
  for (let p = n.parent; p; p = p.parent)
    if (p.type === 'class' || p.type === 'module' || p.type === 'singleton_class')
      return { start: p.startIndex, end: p.endIndex };
  return undefined;
}
