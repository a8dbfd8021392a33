import type { FieldError } from '@app/contracts';

/** RFC 9457 problem details, as every error of the API answers. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types that name a rule of ours resolve to documentation under /problems/. */
export const problemType = (slug: string): string => `/problems/${slug}`;

/** An error the API raises itself, already shaped as a problem (with headers to set, if any). */
export class ProblemException extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemException';
  }
}

export function validationProblem(errors: FieldError[], detail?: string): ProblemException {
  return new ProblemException({
    type: problemType('validation'),
    title: 'Invalid request',
    status: 400,
    detail: detail ?? `${errors.length} field${errors.length === 1 ? ' is' : 's are'} invalid: ${errors.map((e) => e.field).join(', ')}`,
    errors,
  });
}

/** A bad header or query parameter: one field, named. */
export function badField(field: string, message: string, pointer = ''): ProblemException {
  return validationProblem([{ field, pointer, message }]);
}
