/**
 * A .cpuprofile summarized: self time by package, the heaviest functions by self time, and
 * Roster's own functions (dist/ or src/) by inclusive time.
 * bench/profile.ts and bench/webhook-throughput.ts print it; on its own:
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** @example console.log(cpuProfileSummary('/tmp/p/x.cpuprofile', 30)) */
export function cpuProfileSummary(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|dist|src|bench)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.includes('/dist/')
        ? 'roster (dist)'
        : url.includes('/src/')
          ? 'roster (src)'
          : url.startsWith('node:')
            ? 'node core'
            : url === ''
              ? `(${functionName})`
              : 'other');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
  }
  // Inclusive time of Roster's own functions: a node's subtree, counted once per call chain
  // even where the function recurses.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();
  const keyOf = (node: ProfileNode): string | undefined =>
    /\/(dist|src)\//.test(node.callFrame.url)
      ? `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(dist|src)\//, '$1/')}:${node.callFrame.lineNumber + 1}`
      : undefined;
  const walk = (node: ProfileNode, open: Set<string>): number => {
    const key = keyOf(node);
    const entered = key !== undefined && !open.has(key);
    if (entered) open.add(key);
    let hits = node.hitCount ?? 0;
    for (const child of node.children ?? []) hits += walk(byId.get(child)!, open);
    if (entered) {
      open.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
    }
    return hits;
  };
  if (profile.nodes[0]) walk(profile.nodes[0], new Set());
  const pct = (n: number): string => `${((n / total) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`self time by package (${total} samples; ${file}):`];
  for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`${pct(v)}  ${k}`);
  lines.push('', 'heaviest functions by self time:');
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)}  ${k}`);
  lines.push('', "Roster's functions by inclusive time:");
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)}  ${k}`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [top]');
  console.log(cpuProfileSummary(file, Number(top ?? 30)));
}
