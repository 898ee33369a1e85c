import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';

/** One printed log line, parsed back from its JSON. */
export type CapturedLogLine = Record<string, unknown> & { level: string; message: string };

/**
 * A Powertools Logger that keeps the JSON it would print (children share the list), so tests assert on
 * log lines without touching stdout.
 */
export class CapturingLogger extends Logger {
  readonly lines: CapturedLogLine[];

  /** Captures from INFO unless `options` say otherwise, whatever the environment's POWERTOOLS_LOG_LEVEL. */
  constructor(options: ConstructorOptions = {}, lines: CapturedLogLine[] = []) {
    super({ logLevel: 'INFO', ...options });
    this.lines = lines;
  }

  protected override printLog(_logLevel: number, log: Parameters<Logger['printLog']>[1]): void {
    log.prepareForPrint();
    this.lines.push(JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())));
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new CapturingLogger(options, this.lines);
  }
}
