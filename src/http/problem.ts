import type { ErrorRequestHandler } from 'express';
import { currentContext } from '../context';
import { AppError, type ErrorCode } from '../errors';
import { DatabaseUnavailableError } from '../store';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  traceId: string;
  errors?: AppError['errors'];
  [extension: string]: unknown;
}

/** The RFC 9457 body of an error, with the request's correlation ids. */
export function problemBody(error: AppError): ProblemBody {
  const context = currentContext();
  return {
    ...error.extensions,
    type: `/problems/${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId: context?.requestId ?? 'unknown',
    traceId: context?.traceId ?? 'unknown',
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

/** body-parser's error types, mapped to the catalogue. */
const bodyParserErrors: Record<string, ErrorCode> = {
  'entity.parse.failed': 'malformed_json',
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
  'request.aborted': 'malformed_json',
  'request.size.invalid': 'malformed_json',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Any thrown value, as an AppError a client may see. Internals stay out of 5xx details. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // The store says which failures mean "the database cannot serve now", not "the app is broken".
  if (error instanceof DatabaseUnavailableError) {
    return new AppError('service_unavailable', 'The database is unavailable; retry later', { cause: error });
  }
  if (isRecord(error)) {
    const bodyCode = typeof error.type === 'string' ? bodyParserErrors[error.type] : undefined;
    if (bodyCode) {
      const detail =
        bodyCode === 'payload_too_large'
          ? `The request body exceeds the limit of ${String(error.limit)} bytes`
          : bodyCode === 'unsupported_media_type'
            ? 'The request body encoding or charset is not supported; send UTF-8 JSON'
            : 'The request body is not valid JSON';
      return new AppError(bodyCode, detail, { cause: error });
    }
    // Other client errors from Express itself, such as a path that does not URL-decode.
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      return new AppError('bad_request', 'The request could not be understood', { cause: error });
    }
  }
  return new AppError('internal_error', 'An unexpected error occurred', { cause: error });
}

export type ErrorReporter = (error: AppError) => void;

/** The one error middleware: every failure leaves as problem+json. */
export function errorHandler(report: ErrorReporter): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const appError = toAppError(error);
    report(appError);
    if (res.headersSent) {
      next(error);
      return;
    }
    if (appError.retryAfterSeconds !== undefined) res.set('Retry-After', String(appError.retryAfterSeconds));
    res
      .status(appError.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemBody(appError)));
  };
}
