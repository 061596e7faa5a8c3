import { type GoogleEmulator, type GoogleEmulatorOptions, start } from "./index";

/**
 * A running Google emulator plus what a Workspace resource needs to reach it: a freshly generated
 * service-account key with domain-wide delegation, the admin to impersonate and the customer id.
 * Used by tests and the demo; the key exists only in memory.
 */
export interface EmulatedWorkspace {
  google: GoogleEmulator;
  connection: { customerId: string; adminEmail: string; serviceAccountKey: string; rootUrl: string };
  /** The account a resource names (customer, admin, endpoint): the connection without the key, which the provider process holds. */
  account: { customerId: string; adminEmail: string; rootUrl: string };
  clientId: string;
  /** Adds a domain to the customer, verified unless told otherwise (as if done in the Admin console). */
  addDomain(domain: string, verified?: boolean): void;
  stop(): Promise<void>;
}

export async function startEmulatedWorkspace(
  options: GoogleEmulatorOptions & { delegatedScopes?: string[] } = {},
): Promise<EmulatedWorkspace> {
  const google = await start(options);
  const key = google.issueServiceAccountKey({ delegatedScopes: options.delegatedScopes });
  return {
    google,
    clientId: key.clientId,
    connection: {
      customerId: google.customerId,
      adminEmail: google.adminEmail,
      serviceAccountKey: key.keyJson,
      rootUrl: google.url,
    },
    account: { customerId: google.customerId, adminEmail: google.adminEmail, rootUrl: google.url },
    addDomain(domain, verified = true) {
      google.state.addDomain(google.customerId, domain, { verified });
    },
    stop: () => google.stop(),
  };
}
