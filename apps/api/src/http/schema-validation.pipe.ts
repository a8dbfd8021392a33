import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { toFieldErrors } from '@app/contracts';
import { validationProblem } from '../problems/problem.js';

const MAX_ERRORS = 100;

/**
 * Validates every parameter that carries a Standard Schema (`@Body({ schema })`, `@Query(…)`) and
 * answers 400 problem details naming each bad field; the handler gets the parsed value.
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = metadata.schema;
    if (!schema) return value;
    const input = metadata.type === 'body' && value === undefined ? null : value;
    const result = await schema['~standard'].validate(input);
    if (!result.issues) return result.value;
    const errors = toFieldErrors(result.issues, metadata.data ?? metadata.type);
    const shown = errors.slice(0, MAX_ERRORS);
    throw validationProblem(shown, errors.length > MAX_ERRORS ? `${errors.length} fields are invalid (the first ${MAX_ERRORS} are listed)` : undefined);
  }
}
