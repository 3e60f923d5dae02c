// The folder layout is the architecture: top-level folders import only the ones below them (scripts/import-graph.mjs
// LAYERS), sibling folders never import each other in a cycle, and no folder reaches up into its parent's files.
import assert from 'node:assert/strict';
import path from 'node:path';
import { projectRoot } from '../../cluster/lib/paths.js';

interface ImportGraph {
  LAYERS: string[];
  sourceFiles(root: string): string[];
  importEdges(root: string, files: string[]): Array<{ from: string; to: string; spec: string }>;
  violations(edges: Array<{ from: string; to: string; spec: string }>): string[];
}

const root = projectRoot;
const graph = (await import(path.join(root, 'scripts', 'import-graph.mjs'))) as ImportGraph;

describe('architecture: the import graph (scripts/import-graph.mjs)', () => {
  it('has no folder-level cycle, no import of a higher layer, and no import reaching up into a parent folder', () => {
    const edges = graph.importEdges(root, graph.sourceFiles(root));
    assert.ok(edges.length > 500, `the graph was read (${edges.length} imports)`);
    assert.deepEqual(graph.violations(edges), []);
  });

  it('catches each kind of violation (checked on made-up edges)', () => {
    const found = graph.violations([
      { from: 'record/journal.ts', to: 'runs/orchestrator.ts', spec: '../runs/orchestrator.js' },
      { from: 'cluster/a/x.ts', to: 'cluster/b/y.ts', spec: '../b/y.js' },
      { from: 'cluster/b/y.ts', to: 'cluster/a/x.ts', spec: '../a/x.js' },
      { from: 'chaos/engine/sub/z.ts', to: 'chaos/engine/base.ts', spec: '../base.js' },
    ]);
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found.join('\n'), /layers: record\/ imports runs\//);
    assert.match(found.join('\n'), /cycle in cluster\/: /);
    assert.match(found.join('\n'), /upward: chaos\/engine\/sub\/z\.ts imports chaos\/engine\/base\.ts/);
  });
});
