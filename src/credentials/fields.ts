// The fields of each credential type as upstream Action Llama 0.29 defines them
// (dist/credentials/builtins/*.js: `fields: [{ name, secret }]`), held here as data: which fields a
// credential has (for messages that tell the user what to set) and which are secret (masked) or
// not (a git author name stays readable, so a return value `triaged:botty` is not `triaged:***`).
// test/unit/credentials/fields.test.ts compares the table with upstream's own definitions.

/** Each known type's fields, in upstream's order; `secret: false` marks the readable ones. */
export const credentialFields: Readonly<Record<string, readonly { name: string; secret: boolean }[]>> = {
  github_token: [{ name: 'token', secret: true }],
  anthropic_key: [{ name: 'token', secret: true }],
  openai_key: [{ name: 'token', secret: true }],
  groq_key: [{ name: 'token', secret: true }],
  google_key: [{ name: 'token', secret: true }],
  xai_key: [{ name: 'token', secret: true }],
  mistral_key: [{ name: 'token', secret: true }],
  openrouter_key: [{ name: 'token', secret: true }],
  custom_key: [{ name: 'token', secret: true }],
  sentry_token: [{ name: 'token', secret: true }],
  linear_token: [{ name: 'token', secret: true }],
  linear_oauth: [
    { name: 'client_id', secret: false },
    { name: 'client_secret', secret: true },
    { name: 'access_token', secret: true },
    { name: 'refresh_token', secret: true },
  ],
  git_ssh: [
    { name: 'id_rsa', secret: true },
    { name: 'username', secret: false },
    { name: 'email', secret: false },
  ],
  github_webhook_secret: [{ name: 'secret', secret: true }],
  sentry_client_secret: [{ name: 'secret', secret: true }],
  linear_webhook_secret: [{ name: 'secret', secret: true }],
  netlify_token: [{ name: 'token', secret: true }],
  x_twitter_api: [
    { name: 'consumer_key', secret: true },
    { name: 'consumer_secret', secret: true },
    { name: 'bearer_token', secret: true },
  ],
  x_twitter_user_oauth1: [
    { name: 'access_token', secret: true },
    { name: 'access_token_secret', secret: true },
  ],
  x_twitter_user_oauth2: [
    { name: 'client_id', secret: true },
    { name: 'client_secret', secret: true },
    { name: 'access_token', secret: true },
    { name: 'refresh_token', secret: true },
  ],
  bugsnag_token: [{ name: 'token', secret: true }],
  vultr_api_key: [{ name: 'api_key', secret: true }],
  hetzner_api_key: [{ name: 'api_key', secret: true }],
  vps_ssh: [
    { name: 'private_key', secret: true },
    { name: 'public_key', secret: false },
  ],
  cloudflare_api_token: [{ name: 'api_token', secret: true }],
  reddit_oauth: [
    { name: 'client_id', secret: false },
    { name: 'client_secret', secret: true },
    { name: 'username', secret: false },
    { name: 'password', secret: true },
    { name: 'user_agent', secret: false },
  ],
  mintlify_token: [{ name: 'token', secret: true }],
  mintlify_webhook_secret: [{ name: 'secret', secret: true }],
  discord_bot: [
    { name: 'application_id', secret: false },
    { name: 'public_key', secret: false },
    { name: 'bot_token', secret: true },
  ],
  slack_bot_token: [{ name: 'token', secret: true }],
  slack_signing_secret: [{ name: 'secret', secret: true }],
  gcp_service_account: [{ name: 'key_json', secret: true }],
};

/** The field names of a known type, in upstream's order; undefined for a type upstream does not define. */
export function fieldNames(type: string): string[] | undefined {
  return Object.hasOwn(credentialFields, type) ? credentialFields[type]!.map((f) => f.name) : undefined;
}

/**
 * Whether a field's value is masked. Only a field upstream marks `secret: false` is shown; an
 * unknown type, or a field its type does not define, is secret.
 */
export function isSecretField(type: string, field: string): boolean {
  if (!Object.hasOwn(credentialFields, type)) return true;
  return credentialFields[type]!.find((f) => f.name === field)?.secret ?? true;
}
