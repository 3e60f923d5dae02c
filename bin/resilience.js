#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('resilience: the project is not built yet; run "npm run build" (or "npm run bootstrap") first');
  process.exit(2);
}
await import(main.href);
