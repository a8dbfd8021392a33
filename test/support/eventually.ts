/**
 * Resolves once `condition` holds, checking every 20 ms, and fails naming `what` after the timeout.
 * For effects that are asynchronous by design (a follower catching up), never as a fixed sleep.
 */
export async function eventually(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
