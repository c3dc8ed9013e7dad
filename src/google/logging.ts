// Cloud Logging: the job's entries, live (TailLogEntries) and after the fact (ListLogEntries).
import { callOptions, pageOptions } from './calls.ts';
import type { Clients } from './clients.ts';

/** The fields of a log entry the action reads (a subset of google.logging.v2.LogEntry). */
export interface LogEntry {
  insertId?: string | null;
  timestamp?: { seconds?: string | number | null; nanos?: number | null } | null;
  severity?: string | number | null;
  logName?: string | null;
  labels?: Record<string, string> | null;
  textPayload?: string | null;
  jsonPayload?: { fields?: Record<string, unknown> | null } | null;
  payload?: string | null;
}

/** A TailLogEntries session: emits 'data' (a response with `entries`), 'error' and 'end'. */
export interface TailStream extends NodeJS.EventEmitter {
  write(request: object): boolean;
  end(): void;
  cancel(): void;
}

/** What the action calls of Logging's service client (the library declares that client `any`). */
export interface LoggingClient {
  initialize(): Promise<unknown>;
  tailLogEntries(options: object): TailStream;
  listLogEntries(
    request: object,
    options: object,
  ): Promise<[LogEntry[], unknown, { nextPageToken?: string | null } | null | undefined]>;
}

export interface LogsService {
  /** Opens a TailLogEntries stream (bufferWindow in seconds). */
  tail(filter: string, bufferWindowSeconds: number): Promise<TailStream>;
  /** One page of ListLogEntries in timestamp order. */
  list(filter: string, pageToken?: string): Promise<{ entries: LogEntry[]; nextPageToken?: string }>;
}

export function logsService(project: string, clients: Pick<Clients, 'logging'>): LogsService {
  const resourceNames = [`projects/${project}`];
  return {
    async tail(filter, bufferWindowSeconds) {
      const client = (await clients.logging()) as LoggingClient;
      // A session may last an hour (Google ends it then); without an explicit timeout the
      // client gave the stream a 30 s deadline, cutting it every 30 s.
      const stream = client.tailLogEntries({ ...callOptions, timeout: 3_600_000 });
      stream.write({ resourceNames, filter, bufferWindow: { seconds: bufferWindowSeconds } });
      return stream;
    },

    async list(filter, pageToken) {
      const client = (await clients.logging()) as LoggingClient;
      const [entries, , response] = await client.listLogEntries(
        { resourceNames, filter, orderBy: 'timestamp asc', pageSize: 1000, pageToken },
        pageOptions,
      );
      return { entries, nextPageToken: response?.nextPageToken || undefined };
    },
  };
}
