import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a thread whose entry is the module `name` beside the caller (`callerUrl`, its
 * `import.meta.url`): from the bundle, dist/<name>.js (an entry of scripts/build.js);
 * running from sources, <name>.ts with tsx registered in the thread first, since a thread
 * does not inherit the main thread's registration (bin/roster.js with ROSTER_DEV=1 makes it
 * by API).
 *
 * @example startThread(import.meta.url, 'sender-worker')
 */
export function startThread(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL(`./${name}.ts`, callerUrl).href);
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}); });`, {
    ...options,
    eval: true,
  });
}
