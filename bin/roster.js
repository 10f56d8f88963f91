#!/usr/bin/env node
// Runs the JavaScript that `npm run build` bundled into dist/ (`npm install` builds it). With
// ROSTER_DEV=1, or before any build, it runs the TypeScript sources through tsx instead, so
// a change to src/ needs no rebuild while developing (`npm test` sets ROSTER_DEV=1).
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const compiled = new URL('../dist/main.js', import.meta.url);
if (process.env.ROSTER_DEV !== '1' && existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
