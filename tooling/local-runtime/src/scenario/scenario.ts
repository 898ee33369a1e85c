import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { formatReport, type Report, readReport } from '@sfe/reporting-service/report';
import type { RuntimeAccess } from '../access/runtime-access';
import type { EventBridgeEvent } from '../bus/eventbridge-event';
import type { MomentName, MomentResult } from '../moments/business-moments';

/** What one run of the scenario produced, for a person (printed) and for tests (asserted). */
export interface ScenarioReport {
  readonly moments: readonly MomentResult[];
  /** Every event of the scenario's chains, in the order they reached the buses. */
  readonly events: readonly {
    type: string;
    version?: number;
    id: string;
    correlationId?: string;
    source: string;
  }[];
  readonly certificate?: {
    readonly path: string;
    readonly bytes: number;
    readonly startsWithPdf: boolean;
    /** certificate-service's download address for it (the link in the certificate email). */
    readonly downloadUrl?: string;
  };
  readonly emails: readonly { readonly path: string; readonly subject: string }[];
  readonly chatMessages: readonly { readonly channel: string; readonly path: string }[];
  readonly report: Report;
  readonly video: {
    readonly videoId: string;
    readonly status?: string;
    readonly outputKey?: string;
    readonly published: boolean;
  };
  readonly settledInMs: number;
}

/**
 * The seed article's business moments end to end: a sign-up, a purchase (enrolment and payment), a course
 * completion (certificate PDF, emails, chat messages, report rows) and a video upload through to
 * VideoPublished. Ids are fresh on each run, so it can run again on the same store.
 */
export async function runScenario(
  access: RuntimeAccess,
  options: {
    readonly write?: (line: string) => void;
    readonly runId?: string;
    readonly timeoutMs?: number;
    /** The running runtime's console (`<url>/console`): each moment's trace link is printed. */
    readonly consoleUrl?: string;
  } = {},
): Promise<ScenarioReport> {
  const write = options.write ?? (() => {});
  const run = options.runId ?? Math.random().toString(36).slice(2, 8);
  const userId = `learner-${run}`;
  const courseId = 'eda-101';
  const videoId = `welcome-${run}`;
  // The archive keeps event times to the second.
  const since = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);

  const steps: [MomentName, unknown][] = [
    ['sign-up', { userId, email: `${userId}@example.com`, name: 'Ada Lovelace' }],
    ['enrol', { userId, courseId, courseTitle: 'Event-driven architecture on AWS' }],
    ['pay', { userId, courseId, amount: 4999, currency: 'GBP' }],
    ['complete-course', { userId, courseId }],
    ['upload-video', { courseId, videoId, transcript: 'Welcome to the course. Events are facts.' }],
  ];
  const moments: MomentResult[] = [];
  for (const [name, input] of steps) {
    const result = await access.moment(name, input);
    moments.push(result);
    write(
      `  ${name.padEnd(16)} wrote ${result.wrote.join(', ')}${result.correlationId ? `  (correlation ${result.correlationId.slice(0, 8)})` : ''}`,
    );
  }

  write('  … waiting for every consumer to finish');
  const started = Date.now();
  await access.idle(options.timeoutMs ?? 120_000);
  const settledInMs = Date.now() - started;

  const markers = [userId, videoId, ...moments.flatMap((m) => (m.correlationId ? [m.correlationId] : []))];
  const archived = await access.archivedEvents(since);
  const ours = archived.filter((event) => markers.some((marker) => JSON.stringify(event).includes(marker)));
  const events = ours.map(describe);
  const eventIds = events.map((event) => event.id);

  const directory = access.dataDirectory;
  const outbox = (name: string) => filesIn(join(directory, 'outbox', name));
  const mine = (path: string) => eventIds.some((id) => path.includes(id));
  const emails = await Promise.all(
    (await outbox('email')).filter(mine).map(async (path) => ({ path, subject: await subjectOf(path) })),
  );
  const chatMessages = [
    ...(await outbox('slack')).filter(mine).map((path) => ({ channel: 'slack', path })),
    ...(await outbox('telegram')).filter(mine).map((path) => ({ channel: 'telegram', path })),
  ];
  // Where the PDF is and its download address, as certificate-service recorded them in its CERTIFICATE item.
  const [issued] = await access.query('platform', `USER#${userId}`, `CERTIFICATE#${courseId}`);
  const objectKey = typeof issued?.objectKey === 'string' ? issued.objectKey : undefined;
  const downloadUrl = typeof issued?.downloadUrl === 'string' ? issued.downloadUrl : undefined;
  const certificatePath = objectKey && join(directory, 'buckets', 'certificates', objectKey);
  const certificate = certificatePath
    ? await stat(certificatePath).then(
        async (found) => ({
          path: certificatePath,
          bytes: found.size,
          startsWithPdf: (await readFile(certificatePath)).subarray(0, 4).toString('latin1') === '%PDF',
          ...(downloadUrl ? { downloadUrl } : {}),
        }),
        () => undefined,
      )
    : undefined;
  const report = await readReport({
    query: (pk: string, skPrefix?: string) => access.query('reporting', pk, skPrefix),
  });
  const [video] = await access.query('platform', `VIDEO#${videoId}`, 'METADATA');
  const published = events.some((event) => event.type === 'VideoPublished');

  const shown = (path: string) => {
    const near = relative(process.cwd(), path);
    return near.startsWith('..') ? path : near;
  };
  write('');
  write(`Events (${events.length}), in the order they reached the buses:`);
  for (const event of events) {
    write(
      `  ${`${event.type}${event.version ? ` v${event.version}` : ''}`.padEnd(34)} ${event.id.slice(0, 8)}  ${event.correlationId ? `corr ${event.correlationId.slice(0, 8)}` : event.source}`,
    );
  }
  write('');
  write('Side effects:');
  write(
    `  certificate PDF  ${certificate ? `${shown(certificate.path)} (${certificate.bytes} bytes${certificate.startsWithPdf ? ', %PDF' : ', NOT a PDF'})` : 'none (!)'}`,
  );
  if (certificate?.downloadUrl) write(`  download         ${certificate.downloadUrl}`);
  for (const email of emails) write(`  email            ${shown(email.path)}  "${email.subject}"`);
  for (const message of chatMessages) write(`  ${message.channel.padEnd(16)} ${shown(message.path)}`);
  write(
    `  video            VIDEO#${videoId} is ${String(video?.status ?? 'missing')}${video?.outputKey ? ` → ${String(video.outputKey)}` : ''}${published ? ' (VideoPublished)' : ''}`,
  );
  if (options.consoleUrl) {
    // The upload's chain gets its correlation id from the video item the pipeline writes.
    const videoCorrelation = events.find((event) => event.type === 'VideoPublished')?.correlationId;
    write('');
    write('Each moment in the console, from its commit to its files:');
    for (const moment of moments) {
      const correlationId =
        moment.correlationId ?? (moment.moment === 'upload-video' ? videoCorrelation : undefined);
      if (correlationId) write(`  ${moment.moment.padEnd(16)} ${options.consoleUrl}#/trace/${correlationId}`);
    }
  }
  write('');
  write('Reporting tables (all runs so far):');
  for (const line of formatReport(report).split('\n')) write(`  ${line}`);
  write('');
  write(`Settled ${settledInMs} ms after the last moment.`);

  return {
    moments,
    events,
    ...(certificate ? { certificate } : {}),
    emails,
    chatMessages,
    report,
    video: {
      videoId,
      ...(typeof video?.status === 'string' ? { status: video.status } : {}),
      ...(typeof video?.outputKey === 'string' ? { outputKey: video.outputKey } : {}),
      published,
    },
    settledInMs,
  };
}

function describe(event: EventBridgeEvent) {
  const metadata = (
    event.detail as { metadata?: { type?: string; version?: number; id?: string; correlationId?: string } }
  ).metadata;
  return {
    type: metadata?.type ?? event['detail-type'],
    ...(metadata?.version ? { version: metadata.version } : {}),
    id: metadata?.id ?? event.id,
    ...(metadata?.correlationId ? { correlationId: metadata.correlationId } : {}),
    source: event.source,
  };
}

async function filesIn(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory)).sort().map((name) => join(directory, name));
  } catch {
    return [];
  }
}

async function subjectOf(path: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  return /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '(no subject)';
}
