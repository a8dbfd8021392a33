/**
 * A refusal by the domain. `type` names the rule (it becomes the problem `type`), `status` the HTTP
 * answer the API gives for it, `field` the input field at fault when there is one.
 */
export class DomainError extends Error {
  constructor(
    readonly type: string,
    readonly status: 404 | 409 | 422,
    readonly title: string,
    detail: string,
    readonly field?: string,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const ruleBroken = (type: string, title: string, detail: string): DomainError => new DomainError(type, 409, title, detail);
export const notFound = (type: string, title: string, detail: string): DomainError => new DomainError(type, 404, title, detail);
export const unknownReference = (field: string, detail: string): DomainError =>
  new DomainError('unknown-reference', 422, 'Unknown reference', detail, field);
