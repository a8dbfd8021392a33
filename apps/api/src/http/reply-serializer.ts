/**
 * JSON answers. Reads of the present are answered from the view cache, the same objects many
 * times over (serialising a dispute was an eighth of a cached dispute read's CPU, measured): the
 * cache freezes what it keeps, and a frozen view is serialised once. Everything else is
 * JSON.stringify'd as Fastify does without a response schema (the api declares none).
 */
const immutable = new WeakSet<object>();
const serialized = new WeakMap<object, string>();

/**
 * Freezes a view deeply and marks each part as safe to serialise once, if it is plain data (plain
 * objects, arrays, dates, primitives); anything else is left as it is and serialised every time.
 */
export function freezeView<T>(value: T): T {
  const parts = plainParts(value);
  for (const part of parts ?? []) {
    Object.freeze(part);
    immutable.add(part);
  }
  return value;
}

/** The objects of `value`, or undefined if one is not plain data. */
function plainParts(value: unknown): object[] | undefined {
  const parts: object[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object' || immutable.has(current)) continue;
    if (current instanceof Date) {
      parts.push(current);
      continue;
    }
    const proto = Object.getPrototypeOf(current);
    if (!Array.isArray(current) && proto !== Object.prototype && proto !== null) return undefined;
    parts.push(current);
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push(child);
  }
  return parts;
}

export function serializeReply(payload: unknown): string {
  if (payload === null || typeof payload !== 'object' || !immutable.has(payload)) return JSON.stringify(payload);
  let json = serialized.get(payload);
  if (json === undefined) {
    json = JSON.stringify(payload);
    serialized.set(payload, json);
  }
  return json;
}
