/** Domain errors with a message that is safe to show. One handler turns them into responses. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'Page not found') {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'You do not have permission to do that') {
    super(403, message);
  }
}

export interface FieldError {
  field: string;
  message: string;
}

/** Bad input: a list of field messages, shown as a GOV.UK error summary or a JSON 400. */
export class ValidationError extends HttpError {
  constructor(readonly errors: FieldError[]) {
    super(400, errors[0]?.message ?? 'There is a problem');
  }
}
