import type { StandardSchemaConversionResult } from '@nestjs/swagger';
import { z } from 'zod';

type JsonObject = Record<string, unknown>;

/**
 * Turns the zod schemas the controllers validate with (and the documentation-only answer schemas in
 * libs/contracts/src/responses) into OpenAPI 3.0 schemas: requests as zod parses them (`input`: the
 * strings a client sends, before dates become Date), answers as the views build them (`output`).
 * Schemas named with `.meta({ id })` become components. Anything but zod falls back to
 * @nestjs/swagger's own Standard Schema conversion.
 */
export function zodSchemaConverter(schema: unknown, { schemaType }: { schemaType: 'input' | 'output' }): StandardSchemaConversionResult | undefined {
  if (!(schema instanceof z.ZodType)) return undefined;
  const converted = z.toJSONSchema(schema, { target: 'openapi-3.0', io: schemaType, unrepresentable: 'any', reused: 'inline' }) as JsonObject;
  const { definitions, $defs, $schema: _schema, ...root } = converted;
  const components = (definitions ?? $defs ?? {}) as Record<string, JsonObject>;
  tidy(root);
  for (const component of Object.values(components)) tidy(component);
  return { schema: root, components };
}

/** Points references at the components, and drops what says nothing to a reader: the ±2^53 bounds zod gives every integer. */
function tidy(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) tidy(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonObject;
  if (typeof schema.$ref === 'string') schema.$ref = schema.$ref.replace(/^#\/(definitions|\$defs)\//, '#/components/schemas/');
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  for (const value of Object.values(schema)) tidy(value);
}
