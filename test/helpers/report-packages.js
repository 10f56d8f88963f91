// Preloaded (NODE_OPTIONS=--import) into a CLI process by test/cli/startup.test.ts: writes
// `package <name>` to stderr for each package the process imports, so the test can tell
// what a command loads. The hook runs on the loader's own thread, hence a data: module; it
// writes to fd 2 synchronously because commander's process.exit() after the help would
// drop a worker thread's buffered stderr.
import { register } from 'node:module';

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
