/** Typed errors, rendered in one place (src/core/http/error-pages.tsx). */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly messageKey: string,
  ) {
    super(messageKey);
    this.name = new.target.name;
  }
}

export class NotFoundError extends HttpError {
  constructor() {
    super(404, 'errors.notFound');
  }
}

/** The user is logged in but lacks the permission. */
export class ForbiddenError extends HttpError {
  constructor() {
    super(403, 'errors.forbidden');
  }
}

/** No (complete) session: the user must log in first. */
export class UnauthenticatedError extends HttpError {
  constructor() {
    super(401, 'errors.unauthenticated');
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor() {
    super(413, 'errors.tooLarge');
  }
}
