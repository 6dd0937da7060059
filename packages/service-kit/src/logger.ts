/** Structured logs: every line carries the agency and the service; never secrets or intelligence. */
import { pino, type Logger, type DestinationStream, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export function createLogger(fields: { agency: string; service: string }, level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino({ level, base: { agency: fields.agency, service: fields.service }, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? pino.destination(1));
}
