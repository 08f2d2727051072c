// How Python code makes S3 clients: boto3/botocore/aioboto3 `client("s3")`, factories that return one (with the
// options their callers pass), libraries that make the client from their own settings (django-storages,
// s3fs/fsspec, Airflow's S3Hook, Hadoop S3A), and settings named for an S3 endpoint.
import { paramName } from '../params';
import type { ClientFact, FileFacts, ParamName, Prop } from '../types';
import { s3aSetting } from './hadoop-s3a';
import type { PythonValues } from './python-values';
import { nodesOfTypes, rangeOf, type SyntaxNode } from './tree-sitter';

/** django-storages settings of its S3 client. */
const DJANGO_STORAGE_SETTINGS: Record<string, ParamName> = {
  AWS_S3_ENDPOINT_URL: 'endpoint',
  AWS_S3_USE_SSL: 'useSsl',
  AWS_S3_VERIFY: 'verify',
};
/** A settings field or constant named for an S3 endpoint (`s3_endpoint_url`, `LAKE_S3_ENDPOINT`, `AWS_ENDPOINT_URL_S3`, `S3_URL`). */
/** django-storages backends: `S3Storage`, `S3Boto3Storage`, `S3StaticStorage`, `S3ManifestStaticStorage`. */
const S3_STORAGE = /S3\w*Storage\b/;
const S3_ENDPOINT_NAME = /s3_?endpoint|endpoint_?(url_?)?s3|(^|_)s3_?url$/i;
/** Parameters a factory passes on to the client it makes, by the client keyword they fill. */
interface FactoryParams {
  fn: SyntaxNode;
  /** The arguments of the client call the factory makes. */
  clientArgs: SyntaxNode;
  /** The factory's `**kwargs` parameter when it is spread into the client call. */
  splat?: string;
}

export class PythonClients {
  private readonly factories = new Map<string, FactoryParams>();
  /** Clients made inside a class, by class name: each instantiation may pass its own endpoint or TLS switch. */
  private readonly classClients = new Map<string, Array<{ init: SyntaxNode; args: SyntaxNode; variables: string[] }>>();
  private pending: SyntaxNode[] = [];

  constructor(
    private readonly v: PythonValues,
    private readonly facts: FileFacts,
  ) {}

  /** boto3 `client("s3")` / `resource("s3")` / `create_client("s3")` (also `session.client(service_name="s3")`). */
  boto3Client(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const options = this.v.kwargs(args);
    const own = this.v.assignedName(n);
    const factory = this.factoryName(n) ?? (own ? this.returnsName(n, own) : undefined);
    const variable = own ?? factory;
    this.facts.clients.push({ variable, scope: this.v.localScope(n, own), options, range: rangeOf(fn) });
    if (factory && own) this.facts.clients.push({ variable: factory, options, range: rangeOf(fn) });
    if (factory) this.registerFactory(factory, n, args);
    const owner = this.v.settings.classOf(n);
    const name = owner?.cls.childForFieldName('name')?.text;
    if (owner?.init && name && variable) {
      const list = this.classClients.get(name) ?? [];
      list.push({ init: owner.init, args, variables: [variable, ...(factory && own ? [factory] : [])] });
      this.classClients.set(name, list);
    }
  }

  /**
   * `documents = ObjectStore("docs", endpoint_url="http://...", verify_tls=False)`: the client the class makes from
   * its constructor's parameters, read with this call's arguments, placed on them.
   */
  private instance(call: SyntaxNode): boolean {
    const fn = call.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    const made = name ? this.classClients.get(name) : undefined;
    if (!made) return false;
    for (const c of made) {
      const props = this.boundProps({ fn: c.init, clientArgs: c.args }, call, true);
      // Placed where the class makes its client, so the calls in its methods find this one there.
      for (const variable of c.variables)
        if (props.length)
          this.facts.clients.push({ variable, options: { props, complete: false }, range: rangeOf(c.args) });
    }
    return true;
  }

  /** Airflow's `S3Hook(aws_conn_id=..., verify=False)` makes its boto3 client with these options. */
  hook(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const bag = this.v.kwargs(args);
    this.facts.clients.push({
      variable: this.v.assignedName(n) ?? this.factoryName(n),
      options: { props: bag.props.filter((p) => p.name === 'verify'), complete: false },
      range: rangeOf(fn),
    });
  }

  /** A call that may return a client: resolved after every client of the file is known (see `linkFactories`). */
  maybeFactoryCall(n: SyntaxNode): void {
    this.pending.push(n);
  }

  /**
   * `s3 = get_s3()` where get_s3 returns a client: the variable holds that client, with the options the call passes
   * to the factory's parameters (`make_s3("http://gw", verify=False)`). Factories calling factories resolve in turn.
   */
  linkFactories(): void {
    for (let round = 0; round < 4 && this.pending.length; round++) {
      const left = this.pending.filter((n) => !this.factoryResult(n));
      if (left.length === this.pending.length) break;
      this.pending = left;
    }
    if (this.classClients.size) for (const n of this.pending) this.instance(n);
  }

  private factoryResult(n: SyntaxNode): boolean {
    const fn = n.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    const key = `${name}()`;
    // `hook.get_conn()`: the client a hook (or any client-making object) holds.
    const holder = name === 'get_conn' ? fn?.childForFieldName('object')?.text : undefined;
    const from = holder && this.facts.clients.some((c) => c.variable === holder) ? holder : undefined;
    if (!from && !this.facts.clients.some((c) => c.variable === key)) return false;
    const variable = this.v.assignedName(n) ?? this.factoryName(n);
    if (!variable) return true;
    const factory = from ? undefined : this.factories.get(key);
    const props = factory ? this.boundProps(factory, n, fn?.type === 'attribute') : [];
    this.facts.clients.push({
      variable,
      scope: this.v.localScope(n, variable),
      derivesFrom: from ?? key,
      options: { props, complete: false },
      range: rangeOf(n),
    });
    return true;
  }

  /**
   * The client options one call of a factory (or constructor) sets through its parameters: the client call read with
   * the parameters bound to this call's arguments, placed on them; plus keywords a `**kwargs` parameter passes on.
   */
  private boundProps(factory: FactoryParams, call: SyntaxNode, method: boolean): Prop[] {
    const args = this.v.settings.bind(factory.fn, call, method);
    if (!args.size) return [];
    const options = this.v.withBindings(factory.fn, args, () => this.v.kwargs(factory.clientArgs));
    const props = options.props.filter((p) => this.v.isBound(p.value)).map((p) => ({ ...p, range: p.value.range }));
    if (factory.splat) {
      const named = this.v.settings.parameterNames(factory.fn).names;
      for (const [k, node] of args)
        if (!named.includes(k))
          props.push({ name: paramName(k), key: k, range: rangeOf(node), value: this.v.value(node) });
    }
    return props;
  }

  /** Remembers the client call a factory makes, to read it again with each caller's arguments. */
  private registerFactory(key: string, call: SyntaxNode, args: SyntaxNode): void {
    const fn = this.v.functionOf(call);
    if (!fn) return;
    const { splat } = this.v.settings.parameterNames(fn);
    const spread = args.namedChildren.some((a) => a?.type === 'dictionary_splat' && a.namedChildren[0]?.text === splat);
    this.factories.set(key, { fn, clientArgs: args, splat: spread ? splat : undefined });
  }

  /** For a client built in a `return` (directly, or awaited): `name()` of the function that returns it. */
  factoryName(n: SyntaxNode): string | undefined {
    const ret = n.parent?.type === 'await' ? n.parent.parent : n.parent;
    if (ret?.type !== 'return_statement') return undefined;
    const fn = this.v.functionOf(n);
    return fn ? `${fn.childForFieldName('name')?.text}()` : undefined;
  }

  /** `s3 = boto3.client(...)` ... `return s3` in the same function: that function is a factory too. */
  private returnsName(n: SyntaxNode, name: string): string | undefined {
    const fn = this.v.functionOf(n);
    if (!fn) return undefined;
    const returns = nodesOfTypes(fn, ['return_statement']).some(
      (r) => r.namedChildren[0]?.text === name && this.v.functionOf(r)?.id === fn.id,
    );
    return returns ? `${fn.childForFieldName('name')?.text}()` : undefined;
  }

  /** django-storages settings (`AWS_S3_ENDPOINT_URL = "http://..."`, `AWS_S3_USE_SSL = False`) configure its S3 client. */
  storageSetting(n: SyntaxNode): void {
    const name = n.childForFieldName('left')?.text ?? '';
    if (name === 'AWS_S3_OBJECT_PARAMETERS' && !this.v.functionOf(n))
      this.objectParameters(n.childForFieldName('right'));
    const param = DJANGO_STORAGE_SETTINGS[name];
    if (!param || this.v.functionOf(n)) return;
    const value = this.v.value(n.childForFieldName('right'));
    this.facts.clients.push({
      options: { props: [{ name: param, key: name, range: rangeOf(n), value }], complete: false },
      range: rangeOf(n),
    });
  }

  /**
   * A module constant or settings-class field named for an S3 endpoint (`s3_endpoint_url: str = "http://..."` in a
   * pydantic `BaseSettings`, `LAKE_S3_ENDPOINT = ...`) is the endpoint of the S3 client built from it, wherever
   * that client is made.
   */
  endpointSetting(n: SyntaxNode): void {
    const left = n.childForFieldName('left');
    if (left?.type !== 'identifier' || DJANGO_STORAGE_SETTINGS[left.text] || this.v.functionOf(n)) return;
    // `class S3Settings(BaseModel): endpoint: str = "http://..."`: the field of an S3 settings class.
    const inS3Class =
      /^endpoint(_?url)?$/i.test(left.text) &&
      /s3/i.test(this.v.settings.classOf(n)?.cls.childForFieldName('name')?.text ?? '');
    if (!S3_ENDPOINT_NAME.test(left.text) && !inS3Class) return;
    const right = n.childForFieldName('right');
    const value = this.v.value(right ? this.v.settings.unwrapField(right) : null);
    if (value.str === undefined && value.prefix === undefined) return;
    this.facts.clients.push({
      options: { props: [{ name: 'endpoint', key: left.text, range: rangeOf(n), value }], complete: false },
      range: rangeOf(n),
    });
  }

  /**
   * django-storages configured per backend: Django's `STORAGES = {"default": {"BACKEND": "...S3Storage", "OPTIONS":
   * {"endpoint_url": ..., "use_ssl": False}}}`, and `class Media(S3Storage): endpoint_url = ...` class attributes.
   */
  storageBackends(): void {
    const s3Backend = S3_STORAGE;
    for (const d of nodesOfTypes(this.v.root, ['dictionary'])) {
      if (!s3Backend.test(this.v.value(this.v.dictEntry(d, 'BACKEND') ?? null).str ?? '')) continue;
      const options = this.v.dictEntry(d, 'OPTIONS');
      if (options)
        this.facts.clients.push({ options: { ...this.v.dict(options), complete: false }, range: rangeOf(d) });
      this.objectParameters(this.v.dictEntry(options, 'object_parameters'));
    }
    for (const c of nodesOfTypes(this.v.root, ['class_definition'])) {
      if (!s3Backend.test(c.childForFieldName('superclasses')?.text ?? '')) continue;
      const props: Prop[] = [];
      for (const st of c.childForFieldName('body')?.namedChildren ?? []) {
        const a = st?.type === 'expression_statement' ? st.namedChildren[0] : undefined;
        const key = a?.type === 'assignment' ? a.childForFieldName('left')?.text : undefined;
        if (!a || !key) continue;
        if (key === 'object_parameters') this.objectParameters(a.childForFieldName('right'));
        const name = paramName(key);
        if (name !== 'other')
          props.push({ name, key, range: rangeOf(a), value: this.v.value(a.childForFieldName('right')) });
      }
      if (props.length) this.facts.clients.push({ options: { props, complete: false }, range: rangeOf(c) });
    }
  }

  /** django-storages `object_parameters` / `AWS_S3_OBJECT_PARAMETERS`: request parameters of every upload it makes. */
  private objectParameters(n: SyntaxNode | null | undefined): void {
    if (!n) return;
    const bag = this.v.dict(n);
    if (bag.props.length)
      this.facts.operations.push({
        op: 'Other',
        params: { props: bag.props, complete: bag.complete },
        range: rangeOf(n),
      });
  }

  /**
   * A client made for whatever service its caller names (`def get_client(service, **kw): return boto3.client(service,
   * **{**DEFAULTS, **kw})`): it carries the factory's options to the S3 clients made with it, and is reported nowhere
   * (the same options may serve SQS or DynamoDB).
   */
  genericClient(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const factory = this.factoryName(n) ?? this.returnsName(n, this.v.assignedName(n) ?? '');
    if (factory)
      this.facts.clients.push({ variable: factory, options: this.v.kwargs(args), range: rangeOf(fn), generic: true });
  }

  /**
   * s3fs (and pandas/dask/fsspec through `storage_options`) make a botocore S3 client: `S3FileSystem(endpoint_url=...,
   * use_ssl=False, client_kwargs={...})`, `read_parquet(..., storage_options={"endpoint_url": ..., "client_kwargs":
   * {...}})`. Their `s3_additional_kwargs` are request parameters of every write.
   */
  fsspecClient(n: SyntaxNode, fn: SyntaxNode, args: SyntaxNode): void {
    const filesystem = /(^|\.)S3FileSystem$/.test(fn.text) || !!this.v.keyword(args, 'client_kwargs');
    const options = filesystem ? undefined : this.v.keyword(args, 'storage_options');
    if (!filesystem && !options) return;
    const bag = filesystem ? this.v.kwargs(args) : this.v.dict(options);
    const member = (key: string) => (filesystem ? this.v.keyword(args, key) : this.v.dictEntry(options, key));
    const inner = this.v.dict(member('client_kwargs'));
    const own = bag.props.filter((p) => p.name === 'endpoint' || p.name === 'useSsl' || p.name === 'verify');
    if (inner.props.length || own.length)
      this.facts.clients.push({
        variable: filesystem ? this.v.assignedName(n) : undefined,
        options: { props: [...inner.props, ...own], complete: false },
        range: rangeOf(fn),
      });
    const extra = member('s3_additional_kwargs');
    if (extra) {
      const params = this.v.dict(extra);
      this.facts.operations.push({
        op: 'Other',
        params: { props: params.props, complete: false },
        range: rangeOf(extra),
      });
    }
  }

  /** `os.environ["AWS_ENDPOINT_URL_S3"] = "http://..."` (or `setdefault`): boto3 reads it for every S3 client it makes. */
  environmentEndpoint(name: SyntaxNode | null | undefined, value: SyntaxNode | null | undefined): void {
    const key = this.v.value(name).str;
    if (!name || !value || !/^AWS_ENDPOINT_URL(_S3)?$/.test(key ?? '')) return;
    const range = { start: name.startIndex, end: value.endIndex };
    this.facts.clients.push({
      options: { props: [{ name: 'endpoint', key: key!, range, value: this.v.value(value) }], complete: false },
      range,
    });
  }

  /** `conf.set("fs.s3a.endpoint", ...)` / Spark `.config("spark.hadoop.fs.s3a...", ...)`. */
  s3a(args: SyntaxNode): void {
    const [key, setting] = args.namedChildren;
    if (args.namedChildren.length !== 2 || key?.type !== 'string' || !/fs\.s3a\./.test(key.text)) return;
    const client: ClientFact | undefined = s3aSetting(this.v.value(key).str, this.v.value(setting ?? null), {
      start: key.startIndex,
      end: args.endIndex - 1,
    });
    if (client) this.facts.clients.push(client);
  }
}
