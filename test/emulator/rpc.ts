// Small helpers shared by every service: gRPC errors, protobuf time values, pagination.
import { grpc } from 'google-gax';

export const Status = grpc.status;

/** An error a handler throws to answer the call with a gRPC status, as Google would. */
export class RpcError extends Error {
  readonly code: grpc.status;
  /** Trailers, e.g. google.rpc details (google-errors.ts). */
  readonly metadata?: grpc.Metadata;
  constructor(code: grpc.status, message: string, metadata?: grpc.Metadata) {
    super(message);
    this.code = code;
    this.metadata = metadata;
  }
}

export const invalidArgument = (message: string): RpcError => new RpcError(Status.INVALID_ARGUMENT, message);
export const notFound = (message: string): RpcError => new RpcError(Status.NOT_FOUND, message);
export const alreadyExists = (message: string): RpcError => new RpcError(Status.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string): RpcError =>
  new RpcError(Status.FAILED_PRECONDITION, message);
export const resourceExhausted = (message: string): RpcError =>
  new RpcError(Status.RESOURCE_EXHAUSTED, message);

export interface Timestamp {
  seconds: string;
  nanos: number;
}

/** A google.protobuf.Timestamp from milliseconds (with optional extra nanoseconds for ordering). */
export function timestamp(ms: number, extraNanos = 0): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) + extraNanos };
}

/** Milliseconds from a google.protobuf.Timestamp as the loader decodes it. */
export function timestampMs(
  ts: { seconds?: string | number | null; nanos?: number | null } | null | undefined,
): number {
  if (!ts) return 0;
  return Number(ts.seconds ?? 0) * 1000 + (ts.nanos ?? 0) / 1e6;
}

/** Seconds from a google.protobuf.Duration as the loader decodes it. */
export function durationSeconds(
  d: { seconds?: string | number | null; nanos?: number | null } | null | undefined,
): number {
  if (!d) return 0;
  return Number(d.seconds ?? 0) + (d.nanos ?? 0) / 1e9;
}

export function duration(seconds: number): { seconds: string; nanos: number } {
  const whole = Math.floor(seconds);
  return { seconds: String(whole), nanos: Math.round((seconds - whole) * 1e9) };
}

/**
 * One page of a list, with Google's semantics: pageSize 0 means the service default, pageSize above
 * the maximum is clamped, and the token is opaque (here: the offset, base64) and must come from an
 * earlier response of the same list.
 */
export function paginate<T>(
  items: T[],
  request: { pageSize?: number | null; pageToken?: string | null },
  limits: { defaultSize: number; maxSize: number },
): { page: T[]; nextPageToken: string } {
  const size = Math.min(request.pageSize || limits.defaultSize, limits.maxSize);
  if ((request.pageSize ?? 0) < 0) throw invalidArgument('page_size must not be negative');
  let offset = 0;
  if (request.pageToken) {
    const decoded = Number(Buffer.from(request.pageToken, 'base64url').toString());
    if (!Number.isInteger(decoded) || decoded < 0) throw invalidArgument('Invalid page token');
    offset = decoded;
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : '';
  return { page, nextPageToken: next };
}

/** Splits `projects/p/locations/l/jobs/j` into {projects: 'p', locations: 'l', jobs: 'j'}. */
export function parseName(name: string, pattern: string): Record<string, string> {
  const nameParts = name.split('/');
  const patternParts = pattern.split('/');
  if (nameParts.length !== patternParts.length)
    throw invalidArgument(`Invalid resource name "${name}"; expected ${pattern}`);
  const out: Record<string, string> = {};
  patternParts.forEach((part, i) => {
    const value = nameParts[i] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      if (!value) throw invalidArgument(`Invalid resource name "${name}"; expected ${pattern}`);
      out[part.slice(1, -1)] = value;
    } else if (part !== value) {
      throw invalidArgument(`Invalid resource name "${name}"; expected ${pattern}`);
    }
  });
  return out;
}
