// The cold-start yardstick set by Google's client library: Node loads the Secret Manager client,
// constructs it with the action's options and makes the action's first call, nothing else. The
// library builds its gRPC stubs its own way here; the action builds them more cheaply
// (src/google/proto-loading.ts), so this is a measure of the machine, not a bound on the action.
// npm run bench bundles this file the way the action is bundled (ncc, then Latin-1 sources) and
// runs it next to the action: spawn → this CreateSecret's arrival is the floor of "cold start".
// The client comes from its own file, as src/google/clients.ts imports it.
const {
  SecretManagerServiceClient,
} = require('@google-cloud/secret-manager/build/src/v1/secret_manager_service_client.js');
const { grpc } = require('google-gax');

const [, apiEndpoint, port] = /^(.+):(\d+)$/.exec(process.env.CLOUD_RUN_AGENT_EMULATOR_HOST ?? '') ?? [];
const project = process.env.PROJECT ?? 'bench-project';
const client = new SecretManagerServiceClient({
  apiEndpoint,
  port: Number(port),
  sslCreds: grpc.credentials.createInsecure(),
  universeDomain: 'googleapis.com',
  projectId: project,
});
client
  .createSecret({
    parent: `projects/${project}`,
    secretId: process.env.SECRET_ID,
    secret: { replication: { automatic: {} }, ttl: { seconds: 600 } },
  })
  .then(
    () => process.exit(0),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
