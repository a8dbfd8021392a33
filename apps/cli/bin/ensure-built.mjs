// Builds only when a source is newer than the last build.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isBuildStale } from './build-state.mjs';

if (isBuildStale()) {
  process.stderr.write('Building dispute-tracker…\n');
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, 'build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
