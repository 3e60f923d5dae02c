/**
 * The report's "Analysis" section, from the journal's latest analysis-finished event (analysis/analyze-dir.ts): one
 * Allure test with each method's figures as parameters and the leaderboard (HTML and markdown), its chart (SVG) and
 * the rankings attached; a broken one when the analysis failed (analysis-error). Informational: it never fails a run.
 * Its files are listed in their own manifest so that a rebuilt report replaces them rather than adding to them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { Status } from 'allure-js-commons';
import { eventsOf, type AnalysisMethodSummary } from '../record/journal.js';
import type { RunModel } from '../record/run-model.js';
import { resolveIn } from '../record/run-paths.js';
import { RecordingWriter, removeRecordedOutput, writeRecordedManifest } from './allure-manifest.js';

const MANIFEST = '.resilience-analysis-report.json';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The leaderboard's markdown as a standalone HTML page: headings, paragraphs and pipe tables, which is all it holds. */
export function leaderboardHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (heading) out.push(`<h${heading[1]!.length}>${escapeHtml(heading[2]!)}</h${heading[1]!.length}>`);
    else if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!.slice(1, -1).split('|').map((c) => c.trim()));
      i--;
      const [head, , ...body] = rows;
      out.push(
        `<table><thead><tr>${head!.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>`,
        ...body.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`),
        '</tbody></table>',
      );
    } else if (line.startsWith('- ')) out.push(`<li>${escapeHtml(line.slice(2))}</li>`);
    else if (line.trim()) out.push(`<p>${escapeHtml(line)}</p>`);
  }
  const style = 'body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}th{background:#f3f3f3}';
  return `<!doctype html><html><head><meta charset="utf-8"><style>${style}</style></head><body>${out.join('\n')}</body></html>\n`;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(2));

function methodParameter(m: AnalysisMethodSummary): { name: string; value: string } {
  const figures = m.role === 'ranker' ? `AC@1 ${fmt(m.ac1)}, AC@3 ${fmt(m.ac3)}, Avg@5 ${fmt(m.avg5)}` : `F1 ${fmt(m.f1)}, F1 (point-adjusted) ${fmt(m.f1Adjusted)}`;
  return { name: `${m.role} ${m.method}`, value: `${figures} (n=${m.n}, errors ${m.errors})` };
}



/** Writes the Analysis test into resultsDir; returns its name, or null when the run has no analysis. */
export function writeAnalysisResults(run: RunModel, resultsDir: string): string | null {
  removeRecordedOutput(resultsDir, MANIFEST);
  const finished = eventsOf(run.events, 'analysis-finished').at(-1);
  const failed = eventsOf(run.events, 'analysis-error').at(-1);
  if (!finished && !failed) return null;
  const writer = new RecordingWriter(resultsDir);
  const rt = new ReporterRuntime({ writer });
  const plan = run.plan.name;
  const name = 'Analysis: root-cause ranking and anomaly detection';
  const at = Date.parse((finished ?? failed)!.ts);
  const uuid = rt.startTest({
    name,
    fullName: `${plan}.analysis`,
    historyId: `${plan}/analysis`,
    testCaseId: `${plan}/analysis`,
    start: at - (finished?.durationMs ?? 0),
    labels: [
      { name: 'parentSuite', value: `Resilience run: ${plan}` },
      { name: 'suite', value: 'Analysis' },
      { name: 'epic', value: 'resilience' },
      { name: 'feature', value: 'analysis' },
    ],
    parameters: finished ? [{ name: 'cases', value: `${finished.cases} (${finished.sliValidated} SLI-validated)` }, ...finished.methods.map(methodParameter)] : [],
    description: finished
      ? `Every root-cause ranker and anomaly detector on the run's ${finished.cases} fault case(s), scored over all cases and over the SLI-validated ones (README, "Analysis of a campaign").`
      : 'The analysis of the run failed; the run itself is judged by its hypotheses only.',
  });
  const file = (key: string) => (finished?.files[key] ? resolveIn(run.runDir, finished.files[key]!) : null);
  const attach = (title: string, f: string | null, type: string) => {
    if (f && existsSync(f)) rt.writeAttachment(uuid, null, title, f, { contentType: type, fileExtension: path.extname(f) });
  };
  const markdown = file('markdown');
  if (markdown && existsSync(markdown)) {
    rt.writeAttachment(uuid, null, 'Leaderboard', Buffer.from(leaderboardHtml(readFileSync(markdown, 'utf8'))), { contentType: 'text/html', fileExtension: '.html' });
  }
  attach('Leaderboard chart (Avg@5 per ranker)', file('chartSvg'), 'image/svg+xml');
  attach('Leaderboard (markdown)', markdown, 'text/plain');
  attach('Leaderboard chart (Vega-Lite spec)', file('chartSpec'), 'application/json');
  attach('Rankings per case (JSON)', file('rankings'), 'application/json');
  if (finished?.notes.length) rt.writeAttachment(uuid, null, 'Notes', Buffer.from(finished.notes.join('\n')), { contentType: 'text/plain', fileExtension: '.txt' });
  rt.updateTest(uuid, (t) => {
    t.status = (finished ? 'passed' : 'broken') as Status;
    if (!finished) t.statusDetails = { message: `[infrastructure] analysis failed: ${failed!.message}` };
  });
  rt.stopTest(uuid, { stop: at });
  rt.writeTest(uuid);
  writeRecordedManifest(resultsDir, MANIFEST, run.runId, writer);
  return name;
}
