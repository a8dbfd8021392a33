// Loaded into the api with `--import` when BENCH_HTTP_PROFILE is set (the bench then spawns it with
// an IPC channel): "cpu-profile:start" starts the V8 CPU profiler, "cpu-profile:stop" writes what it
// sampled and answers with the file, so a profile covers one measured run only (node --cpu-prof
// covers start-up too, and writes nothing when a signal ends the process, as Nest's shutdown does).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

const directory = process.env.DT_CPU_PROFILE_DIR;
if (directory && process.send) {
  const session = new Session();
  session.connect();
  let written = 0;
  process.on('message', (message: { type?: string; name?: string }) => {
    const run = async () => {
      if (message.type === 'cpu-profile:start') {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        return undefined;
      }
      if (message.type !== 'cpu-profile:stop') return undefined;
      const { profile } = await session.post('Profiler.stop');
      const file = path.join(directory, `${message.name ?? `api-${process.pid}-${++written}`}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    };
    void run().then(
      (file) => process.send!({ type: 'cpu-profile:done', file }),
      (error: unknown) => process.send!({ type: 'cpu-profile:done', error: String(error) }),
    );
  });
  // The channel must not keep the api alive once Nest has shut it down.
  process.channel?.unref();
}
