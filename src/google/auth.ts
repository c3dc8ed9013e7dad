// The run's Google identity outside the clients: an access token, for the registry's Docker API.
import { emulatorHost, type Clients } from './clients.ts';

export interface TokenSource {
  /** An OAuth access token from Application Default Credentials, for the registry. */
  accessToken(): Promise<string>;
}

export function tokenSource(clients: Pick<Clients, 'auth'>): TokenSource {
  return {
    async accessToken() {
      if (emulatorHost()) return 'emulator';
      // The clients' GoogleAuth: its token is the one they already exchanged for.
      const token = await (await clients.auth()).getAccessToken();
      if (!token) throw new Error('Application Default Credentials gave no access token');
      return token;
    },
  };
}
