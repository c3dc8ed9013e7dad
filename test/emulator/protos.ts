// Loads the service definitions the emulator serves from the protos that ship inside the official
// client packages, so the emulator speaks exactly the wire format the clients were generated from.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { grpc } from 'google-gax';

const require = createRequire(import.meta.url);
// A package's protos sit in `<package root>/build/protos`; its root is above its resolved entry.
function protosOf(pkg: string): string {
  let dir = path.dirname(require.resolve(pkg));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'build', 'protos');
}

const includeDirs = [
  protosOf('google-gax'),
  protosOf('@google-cloud/secret-manager'),
  protosOf('@google-cloud/run'),
  protosOf('@google-cloud/logging-api'),
  protosOf('@google-cloud/artifact-registry'),
];

const files = [
  'google/cloud/secretmanager/v1/service.proto',
  'google/cloud/run/v2/job.proto',
  'google/cloud/run/v2/execution.proto',
  'google/cloud/run/v2/task.proto',
  'google/logging/v2/logging.proto',
  'google/devtools/artifactregistry/v1/service.proto',
  'google/longrunning/operations.proto',
];

// Plain objects with camelCase fields, int64 as strings and enums as their names: what the
// handlers read and write.
const loaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs,
};

export type ServiceDefinition = grpc.ServiceDefinition;

let loaded: { services: Record<string, ServiceDefinition>; root: protobuf.Root } | undefined;

export function loadProtos(): { services: Record<string, ServiceDefinition>; root: protobuf.Root } {
  if (loaded) return loaded;
  const definition = protoLoader.loadSync(files, loaderOptions);
  const services: Record<string, ServiceDefinition> = {};
  for (const [name, value] of Object.entries(definition)) {
    // Service definitions are the entries whose values are method maps (they have no `format`).
    if (value && typeof value === 'object' && !('format' in value)) {
      services[name] = value as unknown as ServiceDefinition;
    }
  }
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    const found = includeDirs.map((dir) => path.join(dir, target)).find((file) => fs.existsSync(file));
    return found ?? target;
  };
  root.loadSync(files, { keepCase: false });
  root.resolveAll();
  loaded = { services, root };
  return loaded;
}

/** Encodes a plain (camelCase) object as a google.protobuf.Any of the given fully qualified type. */
export function packAny(typeName: string, value: object): { typeUrl: string; value: Buffer } {
  const type = loadProtos().root.lookupType(typeName);
  const message = type.fromObject(value);
  return { typeUrl: `type.googleapis.com/${typeName}`, value: Buffer.from(type.encode(message).finish()) };
}
