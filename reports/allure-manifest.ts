/**
 * Allure results a report writes into a folder it shares with the journeys' reporters: every file written is recorded
 * in a manifest of its own, so that a rebuilt report removes exactly its earlier output and nothing else.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileSystemWriter, type Writer } from 'allure-js-commons/sdk/reporter';
import type { TestResult } from 'allure-js-commons';

export class RecordingWriter implements Writer {
  readonly files: string[] = [];
  private inner: FileSystemWriter;
  constructor(resultsDir: string) {
    this.inner = new FileSystemWriter({ resultsDir });
  }
  writeResult(r: TestResult) {
    this.files.push(`${r.uuid}-result.json`);
    this.inner.writeResult(r);
  }
  writeGroup(r: Parameters<Writer['writeGroup']>[0]) {
    this.files.push(`${r.uuid}-container.json`);
    this.inner.writeGroup(r);
  }
  writeAttachment(name: string, content: Buffer) {
    this.files.push(name);
    this.inner.writeAttachment(name, content);
  }
  writeAttachmentFromPath(name: string, from: string) {
    this.files.push(name);
    this.inner.writeAttachmentFromPath(name, from);
  }
  writeEnvironmentInfo() {}
  writeCategoriesDefinitions() {}
  writeGlobals(name: string, info: Parameters<Writer['writeGlobals']>[1]) {
    this.files.push(name);
    this.inner.writeGlobals(name, info);
  }
}

/** Removes the files the manifest lists (an unreadable manifest: the folder is left as it is), and the manifest. */
export function removeRecordedOutput(resultsDir: string, manifestName: string): void {
  const manifest = path.join(resultsDir, manifestName);
  if (!existsSync(manifest)) return;
  try {
    const { files } = JSON.parse(readFileSync(manifest, 'utf8')) as { files: string[] };
    for (const f of files) rmSync(path.join(resultsDir, path.basename(f)), { force: true });
  } catch {
    /* an unreadable manifest: leave the directory as it is */
  }
  rmSync(manifest, { force: true });
}

export function writeRecordedManifest(resultsDir: string, manifestName: string, runId: string, writer: RecordingWriter): void {
  writeFileSync(path.join(resultsDir, manifestName), JSON.stringify({ runId, files: writer.files }, null, 1));
}
