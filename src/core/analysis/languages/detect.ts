// Which front end handles a file. Anything unrecognised returns undefined and costs nothing further.
import type { LanguageId } from '../types';

const BY_EXTENSION: Record<string, LanguageId> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  java: 'java',
  go: 'go',
  tf: 'terraform',
  tofu: 'terraform',
  tfvars: 'terraform',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  rb: 'ruby',
  rake: 'ruby',
};
/** Files known by their whole name. */
const BY_NAME: Record<string, LanguageId> = { Rakefile: 'ruby', Gemfile: 'ruby' };

/** VS Code language ids the editor integration reacts to. */
export const EDITOR_LANGUAGE_IDS: Record<string, LanguageId | 'maybe-cloudformation'> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  ruby: 'ruby',
  java: 'java',
  go: 'go',
  terraform: 'terraform',
  hcl: 'terraform',
  shellscript: 'shell',
  yaml: 'maybe-cloudformation',
  json: 'maybe-cloudformation',
  jsonc: 'maybe-cloudformation',
};

/**
 * CloudFormation templates are YAML/JSON files that declare AWS resource types; a Serverless Framework file
 * (`provider: name: aws`) is one too, as it deploys a template with its deployment bucket.
 */
export function looksLikeCloudFormation(text: string): boolean {
  const head = text.slice(0, 200_000);
  return (
    /AWSTemplateFormatVersion|["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/.test(head) ||
    /^provider:[ \t]*\r?\n(?:[ \t]+.*\r?\n|[ \t]*\r?\n)*?[ \t]+name:[ \t]*aws\b/m.test(head)
  );
}

export function detectLanguage(path: string, text: string): LanguageId | undefined {
  const name = path.split(/[\\/]/).pop() ?? path;
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  const known = BY_EXTENSION[ext] ?? BY_NAME[name];
  if (known) return known;
  if (ext === 'yaml' || ext === 'yml' || ext === 'json' || ext === 'template') {
    return looksLikeCloudFormation(text) ? 'cloudformation' : undefined;
  }
  if (!ext && /^#!.*\b(ba|z|da)?sh\b/.test(text.slice(0, 100))) return 'shell';
  if (!ext && /^#!.*\bruby\b/.test(text.slice(0, 100))) return 'ruby';
  return undefined;
}

/** Binary files (a NUL byte early on) are never analysed. */
export function isProbablyBinary(text: string): boolean {
  return text.slice(0, 8000).includes('\u0000');
}
