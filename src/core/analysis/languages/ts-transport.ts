// Where S3 transport settings appear outside a client constructor in TypeScript/JavaScript: option objects a
// storage adapter hands to the SDK (`s3Options: {...}`, `services.s3({...})`, `{ kind: 's3', endpoint }`, a settings
// module's `onprem: { endpoint, forcePathStyle }`), and agents that are (or are not) the SDK's.
// `import = require`, not `import * as`: a namespace import reads every ts.* through a getter when run from source.
import ts = require('typescript');
import { unwrap } from './ts-values';

/** Client options only S3 has: an object holding one of them (and an endpoint) configures an S3 client wherever it goes. */
const S3_ONLY_OPTIONS =
  /^(forcePathStyle|s3ForcePathStyle|s3BucketEndpoint|useAccelerateEndpoint|s3DisableBodySigning)$/;
/** `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` turns off certificate checks for every client of the process. */
export const NODE_TLS_SWITCH = /^process\.env(\.|\[['"])NODE_TLS_REJECT_UNAUTHORIZED\b/;

/**
 * An https.Agent configures AWS traffic unless it is visibly handed to another library (`axios.create({ httpsAgent })`):
 * the nearest call it is an argument of must be an SDK client, its request handler or its configuration.
 */
export function agentForAws(agent: ts.NewExpression): boolean {
  for (let p: ts.Node = agent.parent; p && !ts.isStatement(p); p = p.parent) {
    if (ts.isCallExpression(p) || ts.isNewExpression(p))
      return /(^|\.)(NodeHttp2?Handler|S3|\w+Client|Config|update)$/.test(unwrap(p.expression).getText());
  }
  return true;
}

/** `storageProfiles.onprem` for the object at `const storageProfiles = { onprem: {...} }` (what an importer spells). */
export function memberPath(obj: ts.ObjectLiteralExpression): string | undefined {
  const keys: string[] = [];
  let e: ts.Node = obj;
  while (
    ts.isPropertyAssignment(e.parent) &&
    ts.isIdentifier(e.parent.name) &&
    ts.isObjectLiteralExpression(e.parent.parent)
  ) {
    keys.unshift(e.parent.name.text);
    e = e.parent.parent;
  }
  const d = e.parent;
  return keys.length && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name)
    ? [d.name.text, ...keys].join('.')
    : undefined;
}

/** The last name of what holds or receives an object: `s3Options: {...}`, `const S3 = {...}`, `services.s3({...})`. */
function holderName(obj: ts.ObjectLiteralExpression): string {
  const p = obj.parent;
  if ((ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) && p.initializer === obj) return p.name.getText();
  if (ts.isCallExpression(p) && p.arguments.includes(obj)) return p.expression.getText().replace(/^.*\./, '');
  return '';
}

/**
 * S3 client options outside a client constructor: an object with an S3-only option, or with an endpoint or TLS
 * switch that a storage adapter takes for S3 (`s3Options: {...}`, `services.s3({...})`, `{ kind: 's3', endpoint }`).
 */
export function isS3Options(obj: ts.ObjectLiteralExpression): boolean {
  let transport = false;
  let adapter = false;
  for (const p of obj.properties) {
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '';
    if (S3_ONLY_OPTIONS.test(key)) return true;
    if (/^(endpoint|sslEnabled|tls)$/.test(key)) transport = true;
    if (/^(driver|kind|provider|adapter)$/.test(key) && ts.isPropertyAssignment(p))
      adapter ||= ts.isStringLiteral(p.initializer) && /s3/i.test(p.initializer.text);
  }
  return transport && (adapter || /s3/i.test(holderName(obj)));
}
