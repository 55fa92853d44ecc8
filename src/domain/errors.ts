/**
 * GeoReport error factories (docs/open311-dialect.md §16): 403 bad/missing api_key, 404 unknown thing,
 * 400 everything else; 413/429 where the transport asks for them. The error middleware renders
 * them as an `errors` list in the requested format.
 */
export type GeoReportError = { code: number; description: string };

export class ApiError extends Error {
  readonly status: number;
  readonly errors: GeoReportError[];
  readonly headers: Record<string, string>;

  constructor(status: number, descriptions: string[], headers: Record<string, string> = {}) {
    super(descriptions.join('; '));
    this.status = status;
    this.errors = descriptions.map((description) => ({ code: status, description }));
    this.headers = headers;
  }
}

export const badRequest = (...descriptions: string[]): ApiError => new ApiError(400, descriptions);
export const unauthorized = (description: string): ApiError =>
  new ApiError(401, [description], { 'WWW-Authenticate': 'Bearer realm="palaute311-admin"' });
export const conflict = (description: string): ApiError => new ApiError(409, [description]);
export const forbidden = (description: string): ApiError => new ApiError(403, [description]);
export const notFound = (description: string): ApiError => new ApiError(404, [description]);
export const payloadTooLarge = (description: string): ApiError => new ApiError(413, [description]);
