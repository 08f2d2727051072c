// Settings libraries that declare a default next to each setting. The default is what runs unless someone
// configures otherwise (like `process.env.X || 'http://...'`), so a read of the setting takes it:
// zod / joi / yup `S3_ENDPOINT: z.string().default(v)` read from `Schema.parse(process.env)`, envalid
// `cleanEnv(process.env, { S3_URL: url({ default: v }) })`, convict `{ format, default: v, env }` read with
// `config.get('archive.endpoint')`, commander `.option('--endpoint <url>', desc, v)` read from `program.opts()`,
// and yargs `.option('endpoint', { default: v })` / `.options({ endpoint: { default: v } })` / `.default('endpoint', v)`
// read from `argv` (commander's `.addOption(new Option(flags).default(v))` too).
import ts = require('typescript');
import { unwrap } from './ts-values';

/** What the readers need from the value evaluator. */
export interface SettingValues {
  resolve(expr: ts.Expression, depth?: number): ts.Expression;
  member(expr: ts.Expression | undefined, key: string, depth?: number): ts.Expression | undefined;
  value(expr: ts.Expression, depth?: number): { str?: string };
}

const OPTION_METHODS = /^(option|requiredOption)$/;
const MAX_CHAIN = 24;

/** `--kms-key <arn>` / `-k, --kms-key` / `kms-key` -> `kmsKey` (the name commander and yargs give the value). */
function optionName(flags: string): string {
  const long = /--([\w-]+)/.exec(flags)?.[1] ?? flags.trim();
  return long.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function sameOption(flags: string, key: string): boolean {
  return optionName(flags) === key || /--?([\w-]+)/.exec(flags)?.[1] === key || flags === key;
}

/** The default one schema entry declares: `z.string().url().default(v)`, `url({ default: v })`, `{ default: v }`. */
function schemaDefault(v: SettingValues, entry: ts.Expression): ts.Expression | undefined {
  let e = v.resolve(entry);
  for (let i = 0; i < MAX_CHAIN && ts.isCallExpression(e); i++) {
    const callee = unwrap(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) return v.member(e.arguments[0], 'default'); // envalid str({ default })
    if (callee.name.text === 'default') return e.arguments[0]; // zod, joi, yup
    e = unwrap(callee.expression);
  }
  return ts.isObjectLiteralExpression(e) ? v.member(e, 'default') : undefined; // convict
}

/** `path` through nested object literals: convict's `archive.endpoint`. */
function entryAt(v: SettingValues, obj: ts.Expression, path: string[]): ts.Expression | undefined {
  let e: ts.Expression | undefined = obj;
  for (const key of path) e = e && v.member(e, key);
  return e;
}

/** A commander / yargs option declared on this call: its default, when the option is `key`. */
function optionDefault(v: SettingValues, call: ts.CallExpression, key: string): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const [first, second] = call.arguments;
  // yargs `.default('endpoint', 'http://...')`.
  if (callee.name.text === 'default' && first && second && v.value(first).str === key) return second;
  if (callee.name.text === 'options' && first) {
    const entry = v.member(first, key);
    return entry && v.member(entry, 'default');
  }
  // commander `.addOption(new Option('--endpoint <url>').default('http://...'))`.
  if (callee.name.text === 'addOption' && first) {
    const option = unwrap(first);
    const made = ts.isCallExpression(option) ? optionChain(v, option) : undefined;
    return made && sameOption(made.flags, key) ? made.fallback : undefined;
  }
  if (!OPTION_METHODS.test(callee.name.text) || !first) return undefined;
  const flags = v.value(first).str;
  if (flags === undefined || !sameOption(flags, key)) return undefined;
  const described = second && v.resolve(second);
  if (described && ts.isObjectLiteralExpression(described)) return v.member(described, 'default'); // yargs
  // commander: (flags, description, default) or (flags, description, parser, default).
  return call.arguments.length >= 3 ? call.arguments[call.arguments.length - 1] : undefined;
}

/** `new Option(flags, desc).default(v)` (any order of chained calls): its flags and default. */
function optionChain(
  v: SettingValues,
  call: ts.CallExpression,
): { flags: string; fallback?: ts.Expression } | undefined {
  let fallback: ts.Expression | undefined;
  let e: ts.Expression = call;
  for (let i = 0; i < MAX_CHAIN && ts.isCallExpression(e); i++) {
    const callee = unwrap(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    if (callee.name.text === 'default') fallback ??= e.arguments[0];
    e = unwrap(callee.expression);
  }
  const flags = ts.isNewExpression(e) && e.arguments?.[0] ? v.value(e.arguments[0]).str : undefined;
  return flags === undefined ? undefined : { flags, fallback };
}

/**
 * The default of setting `path` of the settings object `holder` (an expression whose value was built by a settings
 * library), or undefined when nothing in the chain that built it declares one.
 */
export function settingDefault(v: SettingValues, holder: ts.Expression, path: string[]): ts.Expression | undefined {
  let e = v.resolve(holder);
  for (let i = 0; i < MAX_CHAIN && ts.isCallExpression(e); i++) {
    if (path.length === 1) {
      const declared = optionDefault(v, e, path[0]);
      if (declared) return declared;
    }
    // A schema object among the arguments: z.object({...}), cleanEnv(env, {...}), convict({...}).
    for (const arg of e.arguments) {
      const entry = entryAt(v, arg, path);
      const found = entry && schemaDefault(v, entry);
      if (found) return found;
    }
    const callee = unwrap(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    e = v.resolve(callee.expression);
  }
  return undefined;
}
