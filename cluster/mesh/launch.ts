import path from 'node:path';
import { fileURLToPath } from 'node:url';

const meshMain = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');

/**
 * The argv that starts the mesh proxy (after process.execPath). One GC thread: on a 2-core machine V8's helper GC
 * threads cost about 10% more CPU per request than they save in pause time (measured with bench/mesh-bench).
 */
export function meshArgs(controlPort: number): string[] {
  return ['--single-threaded-gc', meshMain, '--control-port', String(controlPort)];
}
