// The emulator's public surface for tests, benchmarks and the demo.
export { startEmulator, emulatorClientOptions, type Emulator, type EmulatorOptions } from './server.ts';
export type { FaultConfig, MethodFaults } from './faults.ts';
export { defaultQuotas, type QuotaConfig } from './quotas.ts';
export type { LogEntry, StoredEntry } from './logstore.ts';
export type { Context, SecretAccess } from './context.ts';
export { allGoogleBehaviours, type GoogleBehaviours } from './behaviours.ts';
