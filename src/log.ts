// Structured JSON logs (pino). One root logger per process; components take a child with their name.
// The level follows FRRK8sConfiguration at runtime. Nothing logged may carry a password: callers pass
// FRR text through redact() first.
import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import type { LogLevel } from '../api/v1beta1/frrk8sconfiguration.ts';

export type { Logger };

const PINO_LEVEL: Record<LogLevel, LevelWithSilent> = {
  all: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
  none: 'silent',
};

export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  return pino(
    { level: PINO_LEVEL[level], base: { app: 'frrk8s' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
}

export function setLogLevel(logger: Logger, level: LogLevel): void {
  logger.level = PINO_LEVEL[level];
}
