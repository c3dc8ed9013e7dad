// The organisation policy `constraints/gcp.resourceLocations`, as Secret Manager honours it: off
// by default (every location allowed); when set, a secret may be created only if every one of its
// locations is allowed, automatic replication counting as `global`
// (https://cloud.google.com/secret-manager/docs/choosing-replication).
import { failedPrecondition, type RpcError } from './rpc.ts';

export class LocationPolicy {
  private allowed: Set<string> | undefined;

  /** The allowed locations by exact name (`global`, `us-central1`); undefined lifts the policy. */
  configure(allowedLocations: string[] | undefined): void {
    this.allowed = allowedLocations ? new Set(allowedLocations) : undefined;
  }

  get allowedLocations(): string[] | undefined {
    return this.allowed && [...this.allowed];
  }

  /**
   * The refusal of a secret of `project` in `locations`, or undefined when they are allowed.
   * The wording is Google's as reported in firebase/firebase-tools#6454 (with the project id
   * where Google names the project number); for several refused locations it names the first.
   */
  refusal(project: string, locations: string[]): RpcError | undefined {
    const refused = this.allowed && locations.find((location) => !this.allowed!.has(location));
    if (!refused) return undefined;
    return failedPrecondition(
      `Constraint constraints/gcp.resourceLocations violated for [orgpolicy:projects/${project}] attempting to create a secret in [${refused}]. For more information, see https://cloud.google.com/resource-manager/docs/organization-policy/defining-locations.`,
    );
  }
}
