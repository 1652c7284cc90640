// Bundles the console into one script and one style sheet: node build.mjs [--outdir <folder>] (default dist).
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : 'dist';
await mkdir(outdir, { recursive: true });
await esbuild.build({
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir,
  legalComments: 'eof',
  logLevel: 'warning',
});
await copyFile('src/index.html', join(outdir, 'index.html'));
