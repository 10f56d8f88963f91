// Preloaded (NODE_OPTIONS=--import) into a CLI process by test/cli/startup.test.ts: writes
// `package <name>` to stderr for each package the process loads, so the test can tell what
// a command loads. Two ways in: the ESM resolve hook (imports), which runs on the loader's
// own thread, hence a data: module; and CommonJS's loader on this thread (`require`, and
// `createRequire`, which Roster uses to load a driver only when a store of its kind opens).
// Both write to fd 2 synchronously because commander's process.exit() after the help would
// drop buffered stderr. At exit it also writes `builtin undici` if Node's fetch
// implementation was loaded (a `Response` or `fetch` touched).
import { writeSync } from 'node:fs';
import Module, { register } from 'node:module';

const hooks = `
import { writeSync } from 'node:fs';
const seen = new Set();
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const name = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(result.url)?.[1];
  if (name && !seen.has(name)) {
    seen.add(name);
    writeSync(2, 'package ' + name + '\\n');
  }
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const seen = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (!Module.isBuiltin(request)) {
    try {
      const file = Module._resolveFilename(request, parent, isMain);
      const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
      if (name && !seen.has(name)) {
        seen.add(name);
        writeSync(2, `package ${name}\n`);
      }
    } catch {
      // Not found: the load below throws what the caller expects.
    }
  }
  return load.apply(this, arguments);
};

process.on('exit', () => {
  if (process.moduleLoadList.some((m) => m.endsWith('internal/deps/undici/undici'))) writeSync(2, 'builtin undici\n');
});
