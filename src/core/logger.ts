import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/** Paths whose last segment is a secret token; it is masked in logs. */
const TOKEN_PATHS = /^(\/(?:uitnodiging|wachtwoord-herstellen|status|concept|ouder|toestemming)\/)[^/?]+/;

export function redactUrl(url: string): string {
  const [path = '', query] = url.split('?');
  return path.replace(TOKEN_PATHS, '$1[token]') + (query ? '?[query]' : '');
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    // Personal data never reaches the logs: cookies, credentials, form bodies, e-mail addresses.
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.email', '*.to', 'body', '*.body'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id?: string }) => ({ method: req.method, url: redactUrl(req.url), id: req.id }),
      err: pino.stdSerializers.err,
    },
  });
}
