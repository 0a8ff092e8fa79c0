/**
 * The one error catalogue. Every failure a client can see has a stable code here, with the HTTP
 * status and title it maps to; the error middleware turns an AppError into problem+json.
 */
export const errorCatalogue = {
  bad_request: { status: 400, title: 'Bad request' },
  malformed_json: { status: 400, title: 'Malformed JSON body' },
  validation_failed: { status: 400, title: 'Request validation failed' },
  invalid_header: { status: 400, title: 'Invalid request header' },
  unauthorized: { status: 401, title: 'Authentication required' },
  payment_declined: { status: 402, title: 'Payment declined' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Resource not found' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  order_not_payable: { status: 409, title: 'Order cannot be paid' },
  order_already_paid: { status: 409, title: 'Order already paid' },
  payment_in_progress: { status: 409, title: 'A payment for this order is in progress' },
  idempotent_request_in_progress: {
    status: 409,
    title: 'A request with this Idempotency-Key is in progress',
  },
  order_not_cancellable: { status: 409, title: 'Order can no longer be cancelled' },
  no_table_available: { status: 409, title: 'No table available' },
  traffic_running: { status: 409, title: 'Virtual users are already running' },
  traffic_finishing: { status: 409, title: 'Virtual users are finishing their journeys' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  headers_too_large: { status: 431, title: 'Request header fields too large' },
  unprocessable: { status: 422, title: 'Request cannot be processed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unknown_menu_item: { status: 422, title: 'Unknown menu item' },
  unknown_event: { status: 422, title: 'Unknown journey event' },
  menu_item_unavailable: { status: 422, title: 'Menu item unavailable' },
  amount_mismatch: { status: 422, title: 'Amount does not match the order total' },
  invalid_card: { status: 422, title: 'Invalid card' },
  idempotency_key_reused: { status: 422, title: 'Idempotency-Key reused with a different request' },
  internal_error: { status: 500, title: 'Internal server error' },
  injected_fault: { status: 500, title: 'Injected fault' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** One problem with one input field, in the `errors` array of a validation problem. */
export interface FieldError {
  location: 'body' | 'query' | 'params' | 'header';
  field: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldError[];
  /** Extra members of the problem body, such as `paymentId` on a declined payment. */
  extensions?: Record<string, unknown>;
  /** When the client may try again (a `Retry-After` header); 503s default to 5 s. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.status = errorCatalogue[code].status;
    this.title = errorCatalogue[code].title;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds ?? (this.status === 503 ? 5 : undefined);
  }
}

export function notFound(what: string, id: string): AppError {
  return new AppError('not_found', `${what} ${JSON.stringify(id)} does not exist`);
}
