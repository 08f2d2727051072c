// A language front end turns one file's text into facts. Parsers load lazily, the first time a language is seen.
import type { ModuleFiles } from '../module-files';
import type { FileFacts, LanguageId } from '../types';

export interface FrontEnd {
  /** `module` gives the other files of the file's unit (Terraform folder, imported TS/Python modules). */
  extract(text: string, path: string, module?: ModuleFiles): FileFacts;
}

const loaded = new Map<LanguageId, Promise<FrontEnd>>();

async function load(language: LanguageId): Promise<FrontEnd> {
  // require() rather than import so bundles evaluate a parser only when its language first appears.
  switch (language) {
    case 'typescript':
    case 'javascript':
      return (require('./typescript') as typeof import('./typescript')).createTypeScriptFrontEnd();
    case 'python':
      return (require('./python') as typeof import('./python')).createPythonFrontEnd();
    case 'java':
      return (require('./java') as typeof import('./java')).createJavaFrontEnd();
    case 'go':
      return (require('./go') as typeof import('./go')).createGoFrontEnd();
    case 'terraform':
      return (require('./terraform') as typeof import('./terraform')).createTerraformFrontEnd();
    case 'shell':
      return (require('./shell') as typeof import('./shell')).createShellFrontEnd();
    case 'ruby':
      return (require('./ruby') as typeof import('./ruby')).createRubyFrontEnd();
    case 'cloudformation':
      return (require('./cloudformation') as typeof import('./cloudformation')).createCloudFormationFrontEnd();
  }
}

export function frontEndFor(language: LanguageId): Promise<FrontEnd> {
  let p = loaded.get(language);
  if (!p) {
    p = load(language);
    loaded.set(language, p);
    // A failed load (missing grammar file) must be retried next time rather than cached forever.
    p.catch(() => loaded.delete(language));
  }
  return p;
}
