// What went wrong in a call to the API server, in the two shapes client-node uses: ApiException
// (`code`, generated clients) and the watch's `Error & { statusCode }`. Messages stay short: an
// ApiException's own message embeds response headers and body, which are noise in logs.

/** The HTTP status of a failed API call, or undefined for network errors and aborts. */
export function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  if (typeof statusCode === 'number') return statusCode;
  return undefined;
}

/** One line for a log: the status code and the API server's reason when there is one. */
export function describeError(err: unknown): string {
  const status = httpStatus(err);
  if (status !== undefined) {
    const body = (err as { body?: unknown }).body;
    const parsed = typeof body === 'string' ? tryParse(body) : body;
    const message = (parsed as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? `HTTP ${status}: ${message}` : `HTTP ${status}`;
  }
  if (err instanceof Error) return err.name === 'Error' ? err.message : `${err.name}: ${err.message}`;
  return String(err);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
