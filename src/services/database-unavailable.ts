// PostgreSQL down, restarting or out of reach, as node-postgres reports it: a refused or reset
// socket, a connect that timed out, or the server's own "shutting down / cannot connect now"
// (SQLSTATE class 08 connection exception, 57P01–57P03). The chat layer answers these "try again
// in a moment" rather than "something went wrong" (issue 9, part 2): nothing was changed, and a
// retry will work once the database is back.
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
const SQLSTATE = new Set(['57P01', '57P02', '57P03']);

export function isDatabaseUnavailable(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 4; depth++) {
    const err = x as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] };
    const code = typeof err.code === 'string' ? err.code : '';
    if (NETWORK.has(code) || SQLSTATE.has(code) || code.startsWith('08')) return true;
    const message = typeof err.message === 'string' ? err.message : '';
    if (/timeout exceeded when trying to connect|Connection terminated( unexpectedly| due to connection timeout)/i.test(message)) return true;
    // AggregateError (a host with several addresses): any of them.
    if (Array.isArray(err.errors) && err.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    x = err.cause;
  }
  return false;
}
