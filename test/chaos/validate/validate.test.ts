/** Loading and validating Chaos Mesh YAML: error format, paths, lines, multi-document files, and the CLI command. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerChaosCommands, validateChaosFiles } from '../../../cli/commands/chaos.js';
import { checkCron } from '../../../chaos/validate/rules.js';
import { parseGoDuration } from '../../../chaos/validate/duration.js';
import { formatIssue, parseChaosYaml } from '../../../chaos/validate/load.js';
import { EXPERIMENTS_DIR } from './crd-schema.js';

const DELAY = `apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: slow
  namespace: boutique
spec:
  action: delay
  mode: all
  duration: 30s
  selector:
    labelSelectors:
      app: frontend
  delay:
    latency: 200ms
`;

describe('chaos YAML loading and validation', () => {
  it('formats issues as "file: path: reason" with the line of the offending field', () => {
    const { objects, issues } = parseChaosYaml(DELAY.replace('latency: 200ms', 'latency: "5"'), 'slow.yaml');
    assert.equal(objects.length, 0);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].path, 'spec.delay.latency');
    assert.equal(issues[0].line, 14);
    assert.match(formatIssue(issues[0]), /^slow\.yaml: spec\.delay\.latency: "5" must match .* \(line 14\)$/);
  });

  it('reports an unknown field by its own path, and a missing one at its parent line', () => {
    const unknown = parseChaosYaml(DELAY.replace('    latency: 200ms', '    latency: 200ms\n    jiter: 5ms'), 'f.yaml');
    assert.deepEqual(unknown.issues.map((i) => [i.path, i.message, i.line]), [['spec.delay.jiter', 'unknown field', 15]]);
    const missing = parseChaosYaml(DELAY.replace('  mode: all\n', ''), 'f.yaml');
    assert.deepEqual(missing.issues.map((i) => [i.path, i.message, i.line]), [['spec.mode', 'required', 7]]);
  });

  it('validates every document of a multi-document file and names the document', () => {
    const text = `${DELAY}---\n${DELAY.replace('name: slow', 'name: Bad_Name')}---\n`;
    const { objects, issues } = parseChaosYaml(text, 'multi.yaml');
    assert.equal(objects.length, 1);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].document, 2);
    assert.match(formatIssue(issues[0]), /^multi\.yaml: metadata\.name: "Bad_Name" is not a valid DNS-1123 subdomain.*\(document 2, line 19\)$/);
  });

  it('reports malformed YAML with a line, and unknown kinds clearly', () => {
    const malformed = parseChaosYaml('kind: PodChaos\nspec:\n  mode: [one\n', 'broken.yaml');
    assert.equal(malformed.issues[0].path, '(document)');
    assert.match(malformed.issues[0].message, /^malformed YAML: /);
    assert.ok(malformed.issues[0].line !== undefined);
    const unknown = parseChaosYaml(DELAY.replace('kind: NetworkChaos', 'kind: KernelChaos'), 'k.yaml');
    assert.equal(formatIssue(unknown.issues[0]).split(' (')[0], 'k.yaml: kind: unknown kind "KernelChaos"; expected one of PodChaos, NetworkChaos, StressChaos, HTTPChaos, IOChaos, TimeChaos, DNSChaos, Schedule, Workflow');
    assert.match(parseChaosYaml('', 'empty.yaml').issues[0].message, /no YAML documents/);
  });

  it('names the offending value of a number out of range or of the wrong type', () => {
    const big = parseChaosYaml(DELAY.replace('  delay:\n    latency: 200ms\n', '  delay:\n    latency: 200ms\n    jitter: 10ms\n  bandwidth:\n    rate: 1mbps\n    limit: 0\n    buffer: 1\n'), 'b.yaml');
    assert.ok(big.issues.some((i) => i.path === 'spec.bandwidth.limit' && /must be >= 1, got number 0/.test(i.message)), JSON.stringify(big.issues));
    const typed = parseChaosYaml(DELAY.replace('mode: all', 'mode: 3'), 't.yaml');
    assert.match(typed.issues[0]!.message, /got number 3/);
  });

  it('rejects a netem action with none of its structs, and durations or crons Chaos Mesh would refuse', () => {
    const netem = parseChaosYaml(DELAY.replace('action: delay', 'action: netem').replace(/  delay:\n    latency: 200ms\n/, ''), 'n.yaml');
    assert.deepEqual(netem.issues.map((i) => i.path), ['spec.action']);
    assert.deepEqual(parseGoDuration('1h30m'), { ms: 5_400_000 });
    assert.deepEqual(parseGoDuration('-1.5s'), { ms: -1500 });
    assert.ok('error' in parseGoDuration('30'));
    assert.ok('error' in parseGoDuration('1d'));
    assert.equal(checkCron('@every 10s'), undefined);
    assert.equal(checkCron('*/5 * * * *'), undefined);
    assert.equal(checkCron('*/10 * * * * *'), undefined);
    assert.equal(checkCron('@hourly'), undefined);
    assert.match(checkCron('* * *') ?? '', /3 fields/);
    assert.match(checkCron('@every 10') ?? '', /missing unit/);
  });
});

describe('chaos validate (CLI command)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chaos-validate-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
    const program = new Command().exitOverride();
    registerChaosCommands(program);
    const out: string[] = [];
    const err: string[] = [];
    const origOut = process.stdout.write.bind(process.stdout);
    const origErr = process.stderr.write.bind(process.stderr);
    const previousExit = process.exitCode;
    process.exitCode = 0;
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await program.parseAsync(['node', 'resilience', 'chaos', 'validate', ...args]);
    } finally {
      process.stdout.write = origOut;
      process.stderr.write = origErr;
    }
    const exitCode = Number(process.exitCode ?? 0);
    process.exitCode = previousExit;
    return { out: out.join(''), err: err.join(''), exitCode };
  }

  it('prints "<file>: <kind>/<name> valid" and exits 0 for the ready experiments', async () => {
    const file = join(EXPERIMENTS_DIR, 'network-delay-frontend-to-productcatalog.yaml');
    const r = await run([file, join(EXPERIMENTS_DIR, 'schedule-pod-kill-random.yaml')]);
    assert.equal(r.exitCode, 0, r.err);
    assert.match(r.out, new RegExp(`${file}: NetworkChaos/network-delay-frontend-to-productcatalog valid`));
    assert.match(r.out, /Schedule\/schedule-pod-kill-random valid/);
  });

  it('exits 1 with "file: path: reason" lines for invalid files', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, DELAY.replace('mode: all', 'mode: fixed-percent\n  value: "50%"'));
    const r = await run([bad]);
    assert.equal(r.exitCode, 1);
    assert.match(r.err, new RegExp(`^${bad}: spec\\.value: "50%" must be a whole number`, 'm'));
    const all = await validateChaosFiles([bad, join(dir, 'missing.yaml')]);
    assert.equal(all.ok, false);
    assert.match(all.errors[1], /missing\.yaml: \(file\): cannot read/);
  });
});
