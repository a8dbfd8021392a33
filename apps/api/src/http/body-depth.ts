import { badField } from '../problems/problem.js';

/** No request of ours nests deeper than this; deeper bodies are refused before anything walks them. */
export const MAX_BODY_DEPTH = 32;

/** Iterative, so a hostile body cannot exhaust the stack here either. */
export function jsonDepth(value: unknown, limit = MAX_BODY_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function assertBodyDepth(body: unknown): void {
  if (jsonDepth(body) > MAX_BODY_DEPTH) throw badField('body', `must not nest deeper than ${MAX_BODY_DEPTH} levels`);
}
