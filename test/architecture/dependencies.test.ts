// Dependencies where they belong: every package the suite's own code loads when a user runs it (`resilience run`, its
// journeys, its report) is a runtime dependency, so `npm ci --omit=dev` is enough to run `npx resilience run smoke`;
// development-only packages (type declarations, the compiler, schema tooling for tests) stay dev dependencies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../../cluster/lib/paths.js';

const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** The folders a user's run loads code from (load/scripts/ runs inside k6, not Node). */
const RUNTIME = /^(kit|record|analysis|chaos|cluster|monitor|load|e2e|runs|reports|cli|bin)\/|^playwright\.config\.ts$/;

/** Loaded by name rather than imported: what a run spawns, and the reporters and loaders the journey configs name. */
const SPAWNED: Record<string, string> = {
  '@playwright/test': 'runs/journeys.ts spawns `npx playwright test`',
  mocha: 'runs/journeys.ts spawns `npx mocha` for the Selenium journeys',
  tsx: "e2e/selenium/.mocharc.cjs loads the journeys with node-option import=tsx",
  'allure-mocha': "e2e/selenium/.mocharc.cjs reporter: 'allure-mocha'",
  'allure-playwright': "playwright.config.ts reporter: 'allure-playwright'",
};

const SPECIFIER = /^\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|\.resolve\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/gm;

function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  // A regex over source text: only something that can be an npm package name counts.
  if (!/^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(name)) return null;
  return builtinModules.includes(name) ? null : name;
}

function runtimeImports(): Map<string, string> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.cjs', '*.js'], { cwd: projectRoot, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && RUNTIME.test(f) && !f.startsWith('load/scripts/') && !f.endsWith('.d.ts'));
  const found = new Map<string, string>();
  for (const file of files) {
    for (const m of readFileSync(path.join(projectRoot, file), 'utf8').matchAll(SPECIFIER)) {
      const name = packageOf(m.slice(1).find((s) => s !== undefined)!);
      if (name && !found.has(name)) found.set(name, file);
    }
  }
  return found;
}

describe('architecture: runtime and development dependencies (package.json)', () => {
  it('lists every package the runtime code loads, and what a run spawns, as a runtime dependency', () => {
    const needed = runtimeImports();
    assert.ok(needed.has('commander') && needed.has('@kubernetes/client-node'), `the imports were read: ${[...needed.keys()].join(', ')}`);
    for (const [name, why] of Object.entries(SPAWNED)) if (!needed.has(name)) needed.set(name, why);
    const misplaced = [...needed].filter(([name]) => !(name in pkg.dependencies)).map(([name, where]) => `${name} (${where})${name in pkg.devDependencies ? ' is a devDependency' : ' is not in package.json'}`);
    assert.deepEqual(misplaced, []);
  });

  it('keeps to development what only the build and the tests use, and lists no package twice', () => {
    const both = Object.keys(pkg.dependencies).filter((n) => n in pkg.devDependencies);
    assert.deepEqual(both, []);
    for (const dev of Object.keys(pkg.devDependencies)) {
      assert.ok(dev.startsWith('@types/') || ['typescript', 'ajv'].includes(dev), `${dev} is a devDependency: is it only used by the build or the tests?`);
    }
  });
});
