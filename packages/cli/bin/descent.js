#!/usr/bin/env node
// The `descent` command. A committed file rather than dist/main.js itself, so that `npm ci` on a
// fresh clone links it into node_modules/.bin before anything is built.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('descent: not built yet; run `npm run build` (or `npm start`) in the repository first\n');
  process.exit(2);
}
await import(main.href);
