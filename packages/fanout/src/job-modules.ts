import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';

/**
 * Job modules: ES modules that define job kinds. A module that exports `registerJobs()` has it
 * called once per thread; @descent/train's registers its built-in kinds. Runners and workers
 * load the same list in every thread, so a worker can run exactly the kinds the submitter can.
 */
export const DEFAULT_JOB_MODULES: readonly string[] = ['@descent/train'];

/** A module path or URL as an import specifier (absolute paths become file: URLs). */
export function moduleSpecifier(m: string): string {
  return isAbsolute(m) ? pathToFileURL(m).href : m;
}

const loaded = new Map<string, Promise<void>>();

/** Import each module once in this thread and call its `registerJobs` export. */
export function loadJobModules(modules: readonly string[]): Promise<void> {
  const key = modules.join('\n');
  let p = loaded.get(key);
  if (!p) {
    p = (async () => {
      for (const m of modules) {
        const mod = (await import(moduleSpecifier(m))) as { registerJobs?: () => void };
        if (typeof mod.registerJobs === 'function') mod.registerJobs();
      }
    })();
    loaded.set(key, p);
  }
  return p;
}
