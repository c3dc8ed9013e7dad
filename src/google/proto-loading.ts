// How Google's clients turn their API's protos into gRPC stubs, made cheaper.
//
// Every generated client, and the Locations and Operations clients google-gax builds inside it,
// calls GrpcClient.loadProtoJSON on its package's protos.json. That runs @grpc/proto-loader, which
// besides each method's path and (de)serialisers builds a reflection descriptor of every message
// and enum and encodes the package's file descriptors: material for gRPC server reflection, which
// a client never reads. It was the largest single part of the action's start before its first
// call (docs/performance.md). `quickenProtoLoading` replaces that one method with one that builds
// only what a client's stub uses, the same way proto-loader builds it, with the options google-gax
// gives it; test/unit/google/proto-loading.test.ts compares the two on every package the action
// loads.
import type * as Gax from 'google-gax';

type GaxModule = typeof Gax;
type Root = Gax.protobuf.Root;
type Type = Gax.protobuf.Type;
type Service = Gax.protobuf.Service;
type PackageDefinition = Parameters<GaxModule['grpc']['loadPackageDefinition']>[0];
type MethodDefinition = PackageDefinition[string] extends infer D
  ? D extends Record<string, infer M>
    ? M
    : never
  : never;

const quickened = new WeakSet<object>();

/** Makes every GrpcClient of this gax module load protos the quick way (idempotent). */
export function quickenProtoLoading(gax: GaxModule): void {
  const prototype = gax.GrpcClient.prototype;
  if (quickened.has(prototype)) return;
  quickened.add(prototype);
  const loaded = new WeakMap<object, Gax.grpc.GrpcObject>();
  // What gax asks of proto-loader: how a decoded message becomes an object (longs and
  // enums as strings, defaults filled in, oneofs named). Private in its types only.
  const conversion = (gax.GrpcClient as unknown as { defaultOptions(): object }).defaultOptions();
  prototype.loadProtoJSON = function loadProtoJSON(this: Gax.GrpcClient, json) {
    // One package per protos.json: the three Cloud Run clients share theirs, as gax's own
    // cache (keyed by a hash of the whole JSON) let them.
    let grpcPackage = loaded.get(json);
    if (!grpcPackage) {
      const root = gax.protobuf.Root.fromJSON(json);
      root.resolveAll();
      grpcPackage = this.grpc.loadPackageDefinition(serviceDefinitions(root, conversion));
      loaded.set(json, grpcPackage);
    }
    return grpcPackage;
  };
}

/** For each service under `root`, what gRPC needs to call its methods: nothing for messages. */
export function serviceDefinitions(root: Root, conversion: object): PackageDefinition {
  const definitions: PackageDefinition = {};
  for (const service of servicesUnder(root)) {
    const name = service.fullName.slice(1);
    const methods: Record<string, MethodDefinition> = {};
    for (const method of service.methodsArray) {
      method.resolve();
      const request = method.resolvedRequestType!;
      const response = method.resolvedResponseType!;
      methods[method.name] = {
        path: `/${name}/${method.name}`,
        requestStream: !!method.requestStream,
        responseStream: !!method.responseStream,
        requestSerialize: serializer(request),
        requestDeserialize: deserializer(request, conversion),
        responseSerialize: serializer(response),
        responseDeserialize: deserializer(response, conversion),
        originalName: camelCase(method.name),
      };
    }
    definitions[name] = methods;
  }
  return definitions;
}

function servicesUnder(namespace: Gax.protobuf.NamespaceBase): Service[] {
  return namespace.nestedArray.flatMap((nested) => {
    if ('methodsArray' in nested) return [nested as Service];
    if ('nestedArray' in nested) return servicesUnder(nested as Gax.protobuf.NamespaceBase);
    return [];
  });
}

// As proto-loader makes them.
const serializer = (type: Type) => (value: object) => {
  if (Array.isArray(value))
    throw new Error(
      `Failed to serialize message: expected object with ${type.name} structure, got array instead`,
    );
  return type.encode(type.fromObject(value)).finish() as Buffer;
};
const deserializer = (type: Type, conversion: object) => (bytes: Buffer) =>
  type.toObject(type.decode(bytes), conversion);

/**
 * A gRPC method's name as the generated clients call it, which is lodash's camelCase as
 * proto-loader applies it: CreateJob → createJob, GetVPCSCConfig → getVpcscConfig.
 */
function camelCase(name: string): string {
  const words = name.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [name];
  return words
    .map((word, i) => (i ? word.charAt(0).toUpperCase() + word.slice(1).toLowerCase() : word.toLowerCase()))
    .join('');
}
