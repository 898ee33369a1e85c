import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** One structured log line a function wrote (Powertools Logger's JSON). */
export type FunctionLogLine = Record<string, unknown> & { level: string };

/**
 * The local CloudWatch Logs: the functions run in this process and Powertools' Logger writes JSON lines to
 * stdout, which would drown the runtime's own output. While installed, JSON log lines are appended to `file`
 * instead, and the reason each failed SQS record was logged with is kept, so its DLQ entry can carry it.
 * Other output passes through untouched. Like a log group with retention, the file does not grow without
 * bound: past `maxBytes` it becomes `<file>.1` (replacing the older one) and a new file starts.
 */
export class FunctionLogs {
  private readonly reasons = new Map<string, string>();
  private uninstall: (() => void) | undefined;
  private bytes = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly maxBytes = 20 * 1024 * 1024,
  ) {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    this.bytes = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  }

  install(): void {
    if (this.uninstall) return;
    const restore = [process.stdout, process.stderr].map((stream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (typeof chunk === 'string' && this.capture(chunk)) {
          const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
          callback?.();
          return true;
        }
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      return () => {
        stream.write = original;
      };
    });
    this.uninstall = () => {
      for (const undo of restore) undo();
    };
  }

  remove(): void {
    this.uninstall?.();
    this.uninstall = undefined;
  }

  /** The reason logged for a failed SQS message, once (it is forgotten after being read). */
  takeReason(messageId: string): string | undefined {
    const reason = this.reasons.get(messageId);
    this.reasons.delete(messageId);
    return reason;
  }

  /** Records a reason directly (functions that take a logger, like the stream processor). */
  noteReason(id: string, reason: string): void {
    if (this.reasons.size > 10_000) this.reasons.clear();
    this.reasons.set(id, reason);
  }

  private capture(chunk: string): boolean {
    const text = chunk.trim();
    if (!text.startsWith('{') || !text.endsWith('}')) return false;
    const parts = text.split('\n');
    const lines: FunctionLogLine[] = [];
    for (const part of parts) {
      try {
        const parsed = JSON.parse(part) as Partial<FunctionLogLine>;
        // Log lines, and Powertools Metrics' EMF documents (`_aws`), which CloudWatch Logs also receives.
        if ((typeof parsed.level !== 'string' || !('message' in parsed)) && !('_aws' in parsed)) return false;
        lines.push(parsed as FunctionLogLine);
      } catch {
        return false;
      }
    }
    for (const line of lines) this.noteReasonOf(line);
    // The lines as the function wrote them (one JSON document each, as parsed), in one append before the
    // write returns: what a kill right after it would have kept, as before, without serializing them again.
    if (this.file) this.append(this.file, `${parts.join('\n')}\n`);
    return true;
  }

  /** Keeps one log line: in the file, and a failure's reason under its message id or stream eventID. */
  record(line: FunctionLogLine): void {
    this.noteReasonOf(line);
    if (this.file) this.append(this.file, `${JSON.stringify(line)}\n`);
  }

  private noteReasonOf(line: FunctionLogLine): void {
    // Failures are ERROR; deferrals (the same event in progress elsewhere) are WARN: both say why.
    if (line.level === 'ERROR' || line.level === 'WARN') {
      const reason = line.reason ?? line.error;
      if (typeof line.messageId === 'string' && typeof reason === 'string')
        this.noteReason(line.messageId, reason);
      else if (typeof line.eventID === 'string' && typeof reason === 'string')
        this.noteReason(line.eventID, reason);
    }
  }

  private append(file: string, text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.bytes > 0 && this.bytes + bytes > this.maxBytes) {
      renameSync(file, `${file}.1`);
      this.bytes = 0;
    }
    appendFileSync(file, text);
    this.bytes += bytes;
  }
}
