// Go front end (tree-sitter): SDK v1 (aws.Config, session, s3manager, s3crypto) and v2 (s3.Options, NewFromConfig).
import { listInsertPoint } from '../fixes/params';
import { paramName } from '../params';
import {
  emptyFacts,
  type ClientFact,
  type FileFacts,
  type Operation,
  type OperationFact,
  type ParamBag,
  type Prop,
  type Range,
} from '../types';
import type { FrontEnd } from './front-end';
import { importPackageClients, type PackageSiblings } from './package-clients';
import { GoCdkBuckets, GO_CDK } from './go-cdk';
import { GoValues, scoped } from './go-values';
import { bucketUrlSettings } from './go-cloud-urls';
import { createParser, nodesOfTypes, nodesWithHttp, rangeOf, walk, type SyntaxNode } from './tree-sitter';
import { treeSitterFrontEnd } from './tree-sitter-front-end';

const STRING_TYPES = new Set(['interpreted_string_literal', 'raw_string_literal']);
/** Files without any of these tokens cannot produce a finding: they are not parsed at all. */
export const GO_RELEVANT = /aws|s3|tls\.Config|http:\/\//;

const INPUTS: Record<string, Operation> = {
  PutObjectInput: 'PutObject',
  CreateMultipartUploadInput: 'CreateMultipartUpload',
  CopyObjectInput: 'CopyObject',
  UploadInput: 'Upload',
  // Reads and parts carry SSE-C keys too: the key crosses the wire whatever the direction.
  GetObjectInput: 'Other',
  HeadObjectInput: 'Other',
  UploadPartInput: 'Other',
  UploadPartCopyInput: 'Other',
};
const CONFIG_TYPES = /^(aws\.Config|\w*s3\w*\.Options|tls\.Config)$/;
/** The S3 package under any import alias (`s3`, `s3v1`, `awss3`), and the upload managers. */
const S3_PACKAGE = /^(\w*s3\w*|manager)\./i;
const CLIENT_CONSTRUCTORS =
  /^(\w*s3\w*\.New|\w*s3\w*\.NewFromConfig|session\.NewSession|session\.Must|session\.NewSessionWithOptions)$/i;
/** Endpoint values built for resolvers: aws.Endpoint{URL: ...}, endpoints.ResolvedEndpoint{URL: ...}. */
const ENDPOINT_TYPES = /(^|\.)(Endpoint|ResolvedEndpoint)$/;
/** Functions that take an endpoint URL directly. */
const ENDPOINT_CALLS = /^(s3\.EndpointResolverFromURL|config\.WithBaseEndpoint|\w+\.WithEndpoint)$/;
/** Transport switches set by assignment outside a composite literal (`tr.TLSClientConfig.InsecureSkipVerify = true`). */
const TRANSPORT_FIELDS = /^(InsecureSkipVerify|DisableSSL|BaseEndpoint|Endpoint)$/;
const LEGACY_CALLS = /^s3crypto\.(NewEncryptionClient|AESCBCContentCipherBuilder)$/;

class GoFacts extends GoValues {
  readonly facts: FileFacts = emptyFacts('go');
  private readonly v2: boolean;
  private readonly usesAws: boolean;
  /** Input structs held in variables (`input := &s3.PutObjectInput{...}`), by function and name. */
  private readonly inputs = new Map<string, OperationFact>();
  /** Assignments already read as client options (inside an options function), so they are not read twice. */
  private readonly seenAssignments = new Set<number>();

  constructor(root: SyntaxNode, text: string) {
    super(root, text);
    this.v2 = text.includes('aws-sdk-go-v2');
    this.usesAws = /aws-sdk-go/.test(text);
    this.cdk = GO_CDK.test(text)
      ? new GoCdkBuckets(
          text,
          (n) => this.value(n),
          (n) => this.constant(n),
        )
      : undefined;
  }

  private readonly cdk: GoCdkBuckets | undefined;

  collect(): FileFacts {
    const nodes = nodesOfTypes(this.root, [
      'short_var_declaration',
      'assignment_statement',
      'const_spec',
      'var_spec',
      'composite_literal',
      'call_expression',
      'func_literal',
      'field_declaration',
      'type_spec',
      'function_declaration',
    ]);
    this.index(nodes);
    for (const n of nodesWithHttp(this.root, this.text, STRING_TYPES)) {
      const v = this.value(n);
      if (v.str !== undefined) this.facts.strings.push({ value: v.str, range: rangeOf(n) });
    }
    for (const n of nodes) {
      if (n.type === 'composite_literal') this.composite(n);
      else if (n.type === 'call_expression') this.call(n);
      else if (n.type === 'func_literal') this.optionsFunction(n);
      else if (n.type === 'var_spec') this.declaredInput(n);
    }
    if (this.usesAws) for (const n of nodes) if (n.type === 'assignment_statement') this.transportAssignment(n);
    if (this.inputs.size) for (const n of nodes) this.inputUse(n);
    this.factoryClients(nodes);
    this.otherServiceConfigs(nodes);
    this.nestedSettings();
    if (this.cdk) {
      this.cdk.finish();
      this.facts.buckets.push(...this.cdk.buckets);
      this.facts.bucketEncryptions.push(...this.cdk.encryptions);
    }
    return this.facts;
  }

  /** v1/v2 configs held in a variable (`sess := session.Must(session.NewSession(&aws.Config{...}))`), by scoped name. */
  private readonly sharedConfigs = new Map<ClientFact, string>();

  /**
   * A config only ever handed to other services' constructors (`sqs.New(sess)`, `dynamodb.NewFromConfig(cfg)`)
   * sets their endpoint, not S3's.
   */
  private otherServiceConfigs(nodes: SyntaxNode[]): void {
    const services = new Map<string, Set<string>>();
    for (const n of nodes) {
      if (n.type !== 'call_expression') continue;
      const m = /^(\w+)\.(New\w*)$/.exec(n.childForFieldName('function')?.text ?? '');
      const arg = n.childForFieldName('arguments')?.namedChildren[0];
      if (!m || arg?.type !== 'identifier') continue;
      const key = scoped(n, arg.text);
      services.set(key, (services.get(key) ?? new Set()).add(m[1]));
    }
    for (const [client, key] of this.sharedConfigs) {
      const used = services.get(key);
      if (!used || [...used].some((pkg) => S3_PACKAGE.test(`${pkg}.`) || !/^[a-z]+$/.test(pkg) || pkg === 'session'))
        continue;
      client.options.props = client.options.props.filter((p) => p.name !== 'endpoint');
    }
  }

  /** `var in s3.PutObjectInput` filled in field by field afterwards (`in.Bucket = ...`). */
  private declaredInput(n: SyntaxNode): void {
    const type = n.childForFieldName('type');
    const name = n.childForFieldName('name');
    const short = type?.text.split('.').pop() ?? '';
    if (!type || !name || n.childForFieldName('value') || !INPUTS[short] || !S3_PACKAGE.test(type.text)) return;
    const op: OperationFact = { op: INPUTS[short], params: { props: [], complete: true }, range: rangeOf(type) };
    this.inputs.set(scoped(n, name.text), op);
    this.facts.operations.push(op);
  }

  /** Clients made inline from a config chain (`s3.New(session.Must(session.NewSession(aws.NewConfig()...)))`). */
  private readonly nested: Array<{ client: ClientFact; arg: Range }> = [];

  /** The settings read inside such a constructor's argument belong to the client it makes. */
  private nestedSettings(): void {
    for (const { client, arg } of this.nested) {
      for (const c of this.facts.clients) {
        if (c === client || c.variable !== undefined || c.range.start < arg.start || c.range.end > arg.end) continue;
        client.options.props.push(...c.options.props);
      }
    }
  }

  /**
   * An input struct held in a variable: `input.ServerSideEncryption = ...` after the literal adds that field (set
   * under a condition too, as in the other languages), and `client.PutObject(ctx, input)` names its client.
   */
  private inputUse(n: SyntaxNode): void {
    if (n.type === 'assignment_statement') {
      const lefts = n.childForFieldName('left')?.namedChildren ?? [];
      const rights = n.childForFieldName('right')?.namedChildren ?? [];
      lefts.forEach((left, i) => {
        const target = left?.type === 'selector_expression' ? left.childForFieldName('operand') : undefined;
        const op = target?.type === 'identifier' ? this.inputs.get(scoped(n, target.text)) : undefined;
        const key = left?.childForFieldName('field')?.text;
        if (!op || !key) return;
        this.seenAssignments.add(n.startIndex);
        op.params.props.push({ name: paramName(key), key, range: rangeOf(n), value: this.value(rights[i] ?? null) });
      });
    } else if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'selector_expression') return;
      for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) {
        const arg = a?.type === 'unary_expression' ? a.childForFieldName('operand') : a;
        const op = arg?.type === 'identifier' ? this.inputs.get(scoped(n, arg.text)) : undefined;
        if (op && !op.receiver) op.receiver = fn.childForFieldName('operand')?.text;
      }
    }
  }

  /** PutBucketEncryptionInput{... Rules: [...]{{ ApplyServerSideEncryptionByDefault: &...{SSEAlgorithm: ...}, BucketKeyEnabled: ... }}} */
  private bucketEncryption(anchor: SyntaxNode, body: SyntaxNode): void {
    // A rule held in a local (`Rules: []types.ServerSideEncryptionRule{rule}`) is read where it is built.
    const parts = [body];
    walk(body, (e) => {
      const init = e.type === 'identifier' ? this.constant(e) : undefined;
      if (init?.type === 'composite_literal') parts.push(init);
    });
    for (const part of parts) this.encryptionRules(anchor, part);
  }

  private encryptionRules(anchor: SyntaxNode, body: SyntaxNode): void {
    walk(body, (e) => {
      if (e.type !== 'keyed_element' || !/^ApplyServerSideEncryptionByDefault\b/.test(e.text)) return;
      const rule = e.parent;
      let inner: SyntaxNode | undefined;
      walk(e, (c) => {
        if (!inner && c.type === 'composite_literal') inner = c;
      });
      const innerBody = inner?.childForFieldName('body');
      if (rule?.type !== 'literal_value' || !innerBody) return;
      const algorithm = this.bag(innerBody).props.find((p) => p.name === 'sse');
      if (!algorithm) return;
      const ruleBag = this.bag(rule);
      this.facts.bucketEncryptions.push({
        algorithm: algorithm.value,
        anchor: rangeOf(anchor),
        bucketKey: ruleBag.props.find((p) => p.name === 'bucketKey')?.value,
        complete: ruleBag.complete,
      });
    });
  }

  /** `func(o *s3.Options) { o.BaseEndpoint = ... }` passed around (appended to a slice, stored in a variable). */
  private optionsFunction(n: SyntaxNode): void {
    const params = n.childForFieldName('parameters')?.text ?? '';
    if (!/\*\w*s3\w*\.Options\b/.test(params)) return;
    const call = n.parent?.type === 'argument_list' ? n.parent.parent : undefined;
    if (call && CLIENT_CONSTRUCTORS.test(call.childForFieldName('function')?.text ?? '')) return; // read with its constructor
    const client: ClientFact = { options: { props: this.assignmentsIn(n), complete: false }, range: rangeOf(n) };
    if (client.options.props.length) this.facts.clients.push(client);
  }

  private assignmentsIn(fn: SyntaxNode): Prop[] {
    const props: Prop[] = [];
    walk(fn, (s) => {
      if (s.type !== 'assignment_statement') return;
      const left = s.childForFieldName('left')?.namedChildren[0];
      const right = s.childForFieldName('right')?.namedChildren[0] ?? null;
      if (left?.type !== 'selector_expression') return;
      this.seenAssignments.add(s.startIndex);
      const key = left.childForFieldName('field')?.text ?? '';
      const prop: Prop = { name: paramName(key), key, range: rangeOf(s), value: this.value(right) };
      this.propNodes.set(prop, right);
      props.push(prop);
    });
    return props;
  }

  /** `tr.TLSClientConfig.InsecureSkipVerify = true` and similar switches set on their own line. */
  private transportAssignment(n: SyntaxNode): void {
    if (this.seenAssignments.has(n.startIndex)) return;
    // `func(o *dynamodb.Options) { o.BaseEndpoint = ... }` configures another service's client.
    for (let p = n.parent; p; p = p.parent) {
      if (p.type !== 'func_literal') continue;
      const pkg = /\*(\w+)\.Options\b/.exec(p.childForFieldName('parameters')?.text ?? '')?.[1];
      if (pkg && !/s3/i.test(pkg)) return;
      break;
    }
    const left = n.childForFieldName('left')?.namedChildren[0];
    const key = left?.type === 'selector_expression' ? (left.childForFieldName('field')?.text ?? '') : '';
    if (!TRANSPORT_FIELDS.test(key)) return;
    const value = this.value(n.childForFieldName('right')?.namedChildren[0] ?? null);
    // `cfg.BaseEndpoint = ...` configures the clients later built from cfg.
    const operand = left?.childForFieldName('operand');
    const variable = operand?.type === 'identifier' ? operand.text : undefined;
    this.facts.clients.push({
      variable,
      options: { props: [{ name: paramName(key), key, range: rangeOf(n), value }], complete: false },
      range: rangeOf(n),
    });
  }

  /** For a client built in a `return`: `name()` of the function that returns it. */
  private factoryName(n: SyntaxNode): string | undefined {
    let inReturn = false;
    for (let p = n.parent; p; p = p.parent) {
      if (p.type === 'return_statement') inReturn = true;
      if (p.type === 'function_declaration' || p.type === 'method_declaration')
        return inReturn ? `${p.childForFieldName('name')?.text}()` : undefined;
      if (p.type === 'func_literal') return undefined;
    }
    return undefined;
  }

  /** `svc := newClient(...)` where newClient returns a client: svc holds that client. */
  private factoryClients(nodes: SyntaxNode[]): void {
    const factories = new Set(
      this.facts.clients.map((c) => c.variable).filter((v): v is string => !!v?.endsWith('()')),
    );
    if (!factories.size) return;
    for (const n of nodes) {
      if (n.type !== 'call_expression') continue;
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : fn?.text;
      const variable = this.assignedName(n);
      if (name && variable && factories.has(`${name}()`)) {
        this.facts.clients.push({
          variable,
          derivesFrom: `${name}()`,
          options: { props: fn?.type === 'identifier' ? this.factoryArguments(name, n) : [], complete: false },
          range: rangeOf(n),
        });
      }
    }
  }

  /** Value nodes of client settings, so a factory's settings can be read again under one call's arguments. */
  private readonly propNodes = new WeakMap<Prop, SyntaxNode | null>();

  /** `svc := newClient("http://...", true)`: the factory's settings as this call makes them. */
  private factoryArguments(name: string, call: SyntaxNode): Prop[] {
    if (!call.childForFieldName('arguments')?.namedChildCount) return [];
    const made = this.facts.clients.filter((c) => c.variable === `${name}()`);
    const props = made.flatMap((c) => c.options.props).filter((p) => this.propNodes.has(p));
    return (
      this.withArguments(name, call, () =>
        props.map((p) => ({ ...p, value: this.value(this.propNodes.get(p) ?? null) })),
      ) ?? []
    );
  }

  private bag(body: SyntaxNode): ParamBag {
    const props: Prop[] = [];
    const elements = body.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    for (const e of elements) {
      if (e.type !== 'keyed_element') continue;
      const key = e.childForFieldName('key')?.text ?? e.namedChildren[0]?.text ?? '';
      const node = e.childForFieldName('value') ?? e.namedChildren[1] ?? null;
      const prop: Prop = { name: paramName(key), key, range: rangeOf(e), value: this.value(node) };
      this.propNodes.set(prop, node);
      props.push(prop);
    }
    const last = elements[elements.length - 1];
    const insert = listInsertPoint(
      this.text,
      this.v2 ? 'go-v2' : 'go-v1',
      body.startIndex + 1,
      body.endIndex - 1,
      last ? rangeOf(last) : undefined,
    );
    return { props, complete: props.length === elements.length, insert };
  }

  /** The variable a (possibly nested) expression ends up in: `sess := session.Must(session.NewSession(&aws.Config{...}))`. */
  private assignedName(n: SyntaxNode): string | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (p.type === 'short_var_declaration' || p.type === 'assignment_statement') {
        const left = p.childForFieldName('left');
        return left?.namedChildren[0]?.text;
      }
      if (p.type === 'var_spec') return p.childForFieldName('name')?.text;
      if (p.type === 'block' || p.type === 'func_literal') return undefined;
    }
    return undefined;
  }

  private composite(n: SyntaxNode): void {
    const type = n.childForFieldName('type');
    const body = n.childForFieldName('body');
    if (!type || !body) return;
    const typeName = this.canonical(type.text);
    const short = typeName.split('.').pop() ?? '';
    if (short === 'PutBucketEncryptionInput') this.bucketEncryption(type, body);
    if (INPUTS[short] && S3_PACKAGE.test(typeName)) {
      const call = n.parent?.type === 'unary_expression' ? n.parent.parent?.parent : n.parent?.parent;
      const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
      const receiver = fn?.type === 'selector_expression' ? fn.childForFieldName('operand')?.text : undefined;
      const op: OperationFact = { op: INPUTS[short], receiver, params: this.bag(body), range: rangeOf(type) };
      const variable = this.assignedName(n);
      if (variable) this.inputs.set(scoped(n, variable), op);
      this.facts.operations.push(op);
    } else if (CONFIG_TYPES.test(typeName) && (typeName !== 'tls.Config' || this.usesAws)) {
      const client: ClientFact = {
        variable: this.assignedName(n) ?? this.factoryName(n),
        options: this.bag(body),
        range: rangeOf(type),
      };
      if (client.variable && typeName === 'aws.Config') this.sharedConfigs.set(client, scoped(n, client.variable));
      this.facts.clients.push(client);
    } else if (ENDPOINT_TYPES.test(typeName) && this.usesAws && !this.otherServiceBranch(n)) {
      const props = this.bag(body)
        .props.filter((p) => p.key === 'URL' || p.key === 'URI')
        .map((p) => ({ ...p, name: 'endpoint' as const }));
      if (props.length) this.facts.clients.push({ options: { props, complete: false }, range: rangeOf(type) });
    }
  }

  /** Inside `case dynamodb.ServiceID:` / `if service == sqs.ServiceID {` of a resolver: another service's endpoint. */
  private otherServiceBranch(n: SyntaxNode): boolean {
    for (let p = n.parent; p; p = p.parent) {
      if (/^(func_literal|function_declaration|method_declaration)$/.test(p.type)) return false;
      const test =
        p.type === 'expression_case'
          ? p.childForFieldName('value')?.text
          : p.type === 'if_statement'
            ? p.childForFieldName('condition')?.text
            : undefined;
      const pkg = test && /(\w+)\.ServiceID\b/.exec(test)?.[1];
      if (pkg) return !/s3/i.test(pkg);
    }
    return false;
  }

  private call(n: SyntaxNode): void {
    const fn = n.childForFieldName('function');
    if (!fn) return;
    const name = this.canonical(fn.text);
    if (LEGACY_CALLS.test(name)) this.facts.refs.push({ name, range: rangeOf(fn) });
    if (/(^|\.)OpenBucket$/.test(name)) {
      const url = n.childForFieldName('arguments')?.namedChildren[1] ?? null;
      const client = bucketUrlSettings(this.value(url), this.text);
      if (client) this.facts.clients.push(client);
    }
    if (this.cdk) this.cdk.call(n, name, this.assignedName(n));
    // v2 `cfg, err := config.LoadDefaultConfig(ctx, config.WithEndpointResolverWithOptions(resolver), ...)`: the
    // settings made in its arguments (or in the variables they name) are the config's, and clients built from it.
    const variable = name === 'config.LoadDefaultConfig' ? this.assignedName(n) : undefined;
    if (variable) {
      const args = n.childForFieldName('arguments');
      const ranges = [rangeOf(args!)];
      walk(args!, (a) => {
        const init = a.type === 'identifier' ? this.constant(a) : undefined;
        if (init) ranges.push(rangeOf(init));
      });
      const client: ClientFact = { variable, options: { props: [], complete: false }, range: rangeOf(fn) };
      this.facts.clients.push(client);
      for (const arg of ranges) this.nested.push({ client, arg });
    }
    // v1 config chains: `aws.NewConfig().WithEndpoint("http://...").WithDisableSSL(true)`.
    const field = fn.type === 'selector_expression' ? fn.childForFieldName('field') : null;
    const method = field ? field.text : name;
    // A chain split over lines is reported on the line of the setting (`WithDisableSSL(true)`), not where it starts.
    const setting = field ? { start: field.startIndex, end: n.endIndex } : rangeOf(n);
    if (method === 'WithDisableSSL' && this.usesAws) {
      const value = this.value(n.childForFieldName('arguments')?.namedChildren[0] ?? null);
      if (value.bool !== undefined)
        this.facts.clients.push({
          options: { props: [{ name: 'disableSsl', key: method, range: setting, value }], complete: false },
          range: rangeOf(fn),
        });
      return;
    }
    if (ENDPOINT_CALLS.test(name) || (method === 'WithEndpoint' && this.usesAws)) {
      const arg = n.childForFieldName('arguments')?.namedChildren[0] ?? null;
      const value = this.value(arg);
      if (value.str !== undefined)
        this.facts.clients.push({
          options: { props: [{ name: 'endpoint', key: name, range: setting, value }], complete: false },
          range: rangeOf(fn),
        });
      return;
    }
    if (!CLIENT_CONSTRUCTORS.test(name)) return;
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    const first = args[0];
    const client: ClientFact = {
      variable: this.assignedName(n) ?? this.factoryName(n),
      options: { props: [], complete: false },
      range: rangeOf(fn),
    };
    if (first?.type === 'identifier') client.derivesFrom = first.text;
    else if (first?.type === 'call_expression' && client.variable) this.nested.push({ client, arg: rangeOf(first) });
    // v2: s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String("http://...") })
    for (const a of args) if (a?.type === 'func_literal') client.options.props.push(...this.assignmentsIn(a));
    if (
      client.derivesFrom ||
      client.options.props.length ||
      client.variable?.endsWith('()') ||
      this.nested.some((x) => x.client === client)
    )
      this.facts.clients.push(client);
  }
}

/** A Go package is its folder: package-level clients may be made in any of its files (tests aside). */
const GO_PACKAGE: PackageSiblings = {
  name: /^(?!.*_test\.go$).*\.go$/,
  makesClient: /s3\.New|session\.New|session\.Must/,
  collect: (root, text) => new GoFacts(root, text).collect(),
};

export async function createGoFrontEnd(): Promise<FrontEnd> {
  const siblingParser = await createParser('go');
  return treeSitterFrontEnd(
    'go',
    'go',
    (root, text, path, module) => {
      const facts = new GoFacts(root, text).collect();
      // Only the SSE-C rule needs a client's transport, so only such files look at the package's other files.
      if (/SSECustomer/.test(text))
        importPackageClients(facts, path, module, siblingParser, GO_PACKAGE, { start: 0, end: 0 });
      return facts;
    },
    GO_RELEVANT,
  );
}
