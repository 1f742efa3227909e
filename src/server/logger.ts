import pino, { type Logger } from 'pino';

/** JSON logs (pino); every request line carries `reqId`, echoed to clients as `x-request-id`. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'safeguarding-hub' },
    // Tokens and cookies never reach the logs.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[redacted]' },
  });
}
