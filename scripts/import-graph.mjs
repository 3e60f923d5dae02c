#!/usr/bin/env node
// The project's folder-level import graph and the rules it must keep (run by `npm test` through
// test/architecture/layers.test.ts; run it by hand to see every violation):
//   1. top-level folders import only folders below them in LAYERS (so no top-level cycle);
//   2. inside any folder, its subfolders do not import each other in a cycle;
//   3. no file imports a file of a folder above its own (a child folder never reaches up into its parent's files).
//   node scripts/import-graph.mjs [--edges]
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bottom first: a folder may import only folders listed before it. */
export const LAYERS = ['kit', 'record', 'chaos', 'cluster', 'monitor', 'load', 'analysis', 'e2e', 'runs', 'reports', 'cli', 'bench'];

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

export function sourceFiles(root) {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mts'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter((f) => f && !f.endsWith('.d.ts') && LAYERS.includes(f.split('/')[0]) && !f.split('/').includes('node_modules'));
}

export function importEdges(root, files) {
  const edges = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue; // deleted in the work tree
    }
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      if (target.startsWith('..')) continue;
      edges.push({ from: file, to: target, spec });
    }
  }
  return edges;
}

export function violations(edges) {
  const found = [];
  const byFolder = new Map(); // folder -> Map(childFrom -> Map(childTo -> example))
  for (const e of edges) {
    const a = e.from.split('/');
    const b = e.to.split('/');
    const topA = a[0];
    const topB = b[0];
    if (topA !== topB) {
      const ia = LAYERS.indexOf(topA);
      const ib = LAYERS.indexOf(topB);
      if (ib === -1 || ib > ia) found.push(`layers: ${topA}/ imports ${topB}/, which is ${ib === -1 ? 'not a source folder' : 'above it'}: ${e.from} → ${e.spec}`);
      continue;
    }
    // Lowest common folder of the two files.
    let i = 0;
    while (i < a.length - 1 && i < b.length - 1 && a[i] === b[i]) i++;
    const common = a.slice(0, i).join('/');
    const childA = i < a.length - 1 ? a[i] : '.';
    const childB = i < b.length - 1 ? b[i] : '.';
    if (childA === childB) continue;
    if (childB === '.') {
      found.push(`upward: ${e.from} imports ${e.to}, a file of the folder above (${common}/)`);
      continue;
    }
    if (childA === '.') continue; // a folder's own files compose its subfolders
    if (!byFolder.has(common)) byFolder.set(common, new Map());
    const g = byFolder.get(common);
    if (!g.has(childA)) g.set(childA, new Map());
    if (!g.get(childA).has(childB)) g.get(childA).set(childB, `${e.from} → ${e.spec}`);
  }
  for (const [folder, g] of byFolder) {
    for (const cycle of cycles(g)) {
      const steps = cycle.map((n, k) => `${n} → ${cycle[(k + 1) % cycle.length]} (${g.get(n).get(cycle[(k + 1) % cycle.length])})`);
      found.push(`cycle in ${folder}/: ${steps.join('; ')}`);
    }
  }
  return found;
}

/** One representative cycle per strongly connected component with more than one node. */
function cycles(g) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  let n = 0;
  const visit = (v) => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(pathThrough(g, new Set(comp), v));
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

function pathThrough(g, comp, start) {
  // Breadth-first from start back to start inside the component.
  const prev = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of g.get(v)?.keys() ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const cycle = [v];
        while (cycle[0] !== start) cycle.unshift(prev.get(cycle[0]));
        return cycle;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const edges = importEdges(root, sourceFiles(root));
  if (process.argv.includes('--edges')) for (const e of edges) console.log(`${e.from} -> ${e.to}`);
  const found = violations(edges);
  for (const v of found) console.log(v);
  console.log(found.length === 0 ? `import graph: ${edges.length} imports, no violation` : `import graph: ${found.length} violation(s)`);
  process.exit(found.length === 0 ? 0 : 1);
}
