// Errors as Google sends them: a status, a message, and google.rpc details (ErrorInfo) in the
// `grpc-status-details-bin` trailer, which google-gax decodes onto the error (reason, domain,
// errorInfoMetadata). Shapes from https://cloud.google.com/apis/design/errors#error_info and
// https://cloud.google.com/service-usage/docs/reference/rest/v1/services (SERVICE_DISABLED).
import { createRequire } from 'node:module';
import path from 'node:path';
import { grpc, protobuf } from 'google-gax';

export interface ErrorInfo {
  reason: string;
  domain?: string;
  metadata?: Record<string, string>;
}

/** A fault that answers every call of a method as Google would: status, message, ErrorInfo. */
export interface GoogleAnswer {
  code: grpc.status;
  message: string;
  errorInfo?: ErrorInfo;
}

const protos = path.join(path.dirname(createRequire(import.meta.url).resolve('google-gax')), '..', 'protos');
let root: protobuf.Root | undefined;
const types = () =>
  (root ??= protobuf.loadSync(
    ['google/rpc/status.proto', 'google/rpc/error_details.proto'].map((p) => path.join(protos, p)),
  ));

/** The trailer metadata carrying `google.rpc.Status` with the ErrorInfo as an Any. */
export function statusDetails(answer: GoogleAnswer): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (!answer.errorInfo) return metadata;
  const ErrorInfo = types().lookupType('google.rpc.ErrorInfo');
  const Status = types().lookupType('google.rpc.Status');
  const info = { domain: 'googleapis.com', metadata: {}, ...answer.errorInfo };
  const details = [
    {
      type_url: 'type.googleapis.com/google.rpc.ErrorInfo',
      value: ErrorInfo.encode(ErrorInfo.fromObject(info)).finish(),
    },
  ];
  const status = Status.encode(
    Status.fromObject({ code: answer.code, message: answer.message, details }),
  ).finish();
  metadata.set('grpc-status-details-bin', Buffer.from(status));
  return metadata;
}

/** SERVICE_DISABLED as Google answers a call to an API the project has not enabled. */
export function serviceDisabled(service: string, projectNumber: string): GoogleAnswer {
  const activationUrl = `https://console.developers.google.com/apis/api/${service}/overview?project=${projectNumber}`;
  return {
    code: grpc.status.PERMISSION_DENIED,
    message: `${service} API has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting ${activationUrl} then retry.`,
    errorInfo: {
      reason: 'SERVICE_DISABLED',
      metadata: {
        service,
        consumer: `projects/${projectNumber}`,
        activationUrl,
        containerInfo: projectNumber,
        serviceTitle: service,
      },
    },
  };
}
