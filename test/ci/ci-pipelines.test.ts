import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

const GITHUB_DIR = path.join('ci', 'github');
const GITLAB_FILE = path.join('ci', 'gitlab', '.gitlab-ci.yml');
const GITLAB_KEYWORDS = new Set(['stages', 'default', 'variables', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);

describe('CI pipelines for users', function () {
  this.timeout(600_000);

  it('GitHub Actions workflows pass actionlint', function () {
    const build = spawnSync('bash', ['scripts/build-actionlint.sh'], { encoding: 'utf8', timeout: 540_000 });
    const bin = build.stdout.trim().split('\n').at(-1);
    if (build.status !== 0 || !bin) {
      console.log(`    skipped: actionlint could not be built (scripts/build-actionlint.sh exit ${build.status}): ${build.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      this.skip();
    }
    const files = readdirSync(GITHUB_DIR).filter((f) => f.endsWith('.yml')).map((f) => path.join(GITHUB_DIR, f));
    assert.deepEqual(files.map((f) => path.basename(f)).sort(), ['nightly-kind.yml', 'nightly.yml', 'pr.yml']);
    const lint = spawnSync(bin!, ['-no-color', ...files], { encoding: 'utf8' });
    assert.equal(lint.status, 0, `actionlint:\n${lint.stdout}${lint.stderr}`);
  });

  it('GitHub workflows bootstrap on Ubuntu runners keeping the runner\'s environment, so its Google Chrome and chromedriver are found', () => {
    for (const file of ['pr.yml', 'nightly.yml', 'nightly-kind.yml']) {
      const wf = parseYaml(readFileSync(path.join(GITHUB_DIR, file), 'utf8')) as { jobs: Record<string, { 'runs-on': string; steps: Array<{ run?: string }> }> };
      for (const [name, job] of Object.entries(wf.jobs)) {
        const boot = job.steps.filter((s) => s.run?.includes('scripts/bootstrap.sh'));
        if (boot.length === 0) continue;
        assert.match(job['runs-on'], /^ubuntu-/, `${file} ${name}: an Ubuntu runner (kit/platform: the Ubuntu path)`);
        // sudo alone resets the environment: bootstrap would not see CHROME_BIN and CHROMEWEBDRIVER.
        for (const s of boot) assert.match(s.run!, /sudo -E bash scripts\/bootstrap\.sh/, `${file} ${name}: ${s.run}`);
      }
    }
  });

  it('GitHub workflows do what they promise: PR runs npm test; nightly publishes the report with history kept', () => {
    const pr = readFileSync(path.join(GITHUB_DIR, 'pr.yml'), 'utf8');
    assert.match(pr, /run: npm test/);
    const nightly = parseYaml(readFileSync(path.join(GITHUB_DIR, 'nightly.yml'), 'utf8')) as { on: { schedule: Array<{ cron: string }> }; jobs: { run: { steps: Array<{ uses?: string; run?: string; with?: Record<string, string> }> } } };
    assert.ok(nightly.on.schedule[0]!.cron);
    const steps = nightly.jobs.run.steps;
    const restore = steps.findIndex((s) => s.uses?.startsWith('actions/checkout') && s.with?.ref === 'gh-pages');
    const report = steps.findIndex((s) => s.run?.includes('resilience report --latest'));
    assert.ok(restore >= 0 && report > restore, 'the previous report (history) is restored before the new one is generated');
    assert.equal(steps.find((s) => s.uses?.startsWith('actions/checkout') && s.with?.ref === 'gh-pages')!.with!.path, 'out/allure-report');
    assert.ok(steps.some((s) => s.uses?.startsWith('actions/upload-artifact')));
    assert.ok(steps.some((s) => s.uses?.startsWith('peaceiris/actions-gh-pages') && s.with?.publish_dir === 'out/allure-report'));
    const kind = readFileSync(path.join(GITHUB_DIR, 'nightly-kind.yml'), 'utf8');
    for (const piece of ['helm/kind-action', 'chaos-mesh/chaos-mesh', 'kube-prometheus-stack', 'onlineboutique', 'resilience run kube-boutique']) assert.ok(kind.includes(piece), piece);
  });

  it('the GitLab pipeline is structurally valid: stages, scripts, rules, Pages from the nightly report', () => {
    const doc = parseYaml(readFileSync(GITLAB_FILE, 'utf8')) as Record<string, unknown>;
    const stages = doc.stages as string[];
    assert.ok(Array.isArray(stages) && stages.length > 0);
    const jobs = Object.entries(doc).filter(([k]) => !GITLAB_KEYWORDS.has(k) && !k.startsWith('.'));
    assert.deepEqual(jobs.map(([k]) => k).sort(), ['nightly', 'nightly-kind', 'pages', 'test']);
    for (const [name, raw] of jobs) {
      const job = raw as { stage?: string; script?: unknown; rules?: Array<{ if?: string }>; needs?: Array<{ job: string }> };
      assert.ok(job.stage && stages.includes(job.stage), `${name}: stage ${job.stage} is one of ${stages.join(', ')}`);
      const script = (job.script as unknown[]).flat(3);
      assert.ok(script.length > 0 && script.every((l) => typeof l === 'string'), `${name}: script is a list of commands`);
      assert.ok(job.rules?.every((r) => typeof r.if === 'string'), `${name}: rules`);
      for (const n of job.needs ?? []) assert.ok(jobs.some(([k]) => k === n.job), `${name}: needs ${n.job}`);
    }
    const test = doc.test as { script: unknown[] };
    assert.ok(test.script.flat(3).includes('npm test'));
    const pages = doc.pages as { artifacts: { paths: string[] }; script: string[] };
    assert.deepEqual(pages.artifacts.paths, ['public']);
    const nightly = (doc.nightly as { script: string[] }).script.flat(3).join('\n');
    assert.ok(nightly.indexOf('history') < nightly.indexOf('resilience report --latest'), 'history fetched before the report');
    assert.match((doc['nightly-kind'] as { script: string[] }).script.join('\n'), /resilience run kube-boutique/);
  });
});
