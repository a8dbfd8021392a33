// `npm start`: build if needed, migrate, then run the API and the worker side by side.
// Ctrl-C (or SIGTERM) stops both cleanly; if either dies, the other is stopped too.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const node = process.execPath;

for (const step of [['apps/cli/bin/ensure-built.mjs'], ['dist/apps/cli/src/main.js', 'migrate']]) {
  const result = spawnSync(node, [path.join(root, step[0]), ...step.slice(1)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const children = ['api', 'worker'].map((name) => {
  const child = spawn(node, ['--enable-source-maps', path.join(root, `dist/apps/${name}/src/main.js`)], { cwd: root, stdio: 'inherit' });
  return { name, child, exited: false };
});

let stopping = false;
let exitCode = 0;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const { child, exited } of children) if (!exited) child.kill(signal);
  // A child that ignores SIGTERM for 15 s is killed.
  setTimeout(() => children.forEach(({ child, exited }) => exited || child.kill('SIGKILL')), 15_000).unref();
}

for (const entry of children) {
  entry.child.on('exit', (code, signal) => {
    entry.exited = true;
    if (!stopping) {
      process.stderr.write(`${entry.name} exited (${signal ?? code}); stopping the rest\n`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.every((c) => c.exited)) process.exit(exitCode);
  });
}
process.on('SIGINT', () => stopAll('SIGTERM'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
