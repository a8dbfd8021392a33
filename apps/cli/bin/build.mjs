// Compiles every app, lib, migration and benchmark in one tsc pass (the Nest CLI rewrites the
// @app/* aliases), then stamps dist/ so later commands know it is fresh.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STAMP } from './build-state.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
const result = spawnSync(process.execPath, [nest, 'build', 'api'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
mkdirSync(path.dirname(STAMP), { recursive: true });
writeFileSync(STAMP, new Date().toISOString());
