import type { StandardSchemaV1 } from '@standard-schema/spec';

export interface FieldError {
  /** The field, in dotted form with indexes: `developments[2].sources[0].url`. */
  field: string;
  /** The same place as a JSON Pointer (RFC 6901). */
  pointer: string;
  message: string;
}

type PathSegment = PropertyKey | StandardSchemaV1.PathSegment;
const key = (segment: PathSegment): PropertyKey => (typeof segment === 'object' ? segment.key : segment);

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, k) => (typeof k === 'number' ? `${name}[${k}]` : name ? `${name}.${String(k)}` : String(k)), '');
}

const pointer = (path: readonly PropertyKey[]): string => path.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * One entry per bad field. An object with unknown fields yields one entry per unknown field
 * (zod reports them together); a problem with the whole value names the part it is in ("body").
 */
export function toFieldErrors(issues: readonly StandardSchemaV1.Issue[], root = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = (issue.path ?? []).map(key);
    const unknownKeys = (issue as { code?: string; keys?: string[] }).code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : [];
    if (unknownKeys.length) {
      for (const k of unknownKeys) errors.push({ field: fieldName([...path, k]), pointer: pointer([...path, k]), message: 'is not a known field' });
      continue;
    }
    errors.push({ field: path.length ? fieldName(path) : root, pointer: pointer(path), message: issue.message });
  }
  return errors;
}
