import { generateKeyPairSync, randomBytes } from "node:crypto";

/**
 * A service-account key made at run time for tests and the demo, shaped like the JSON Google's Cloud
 * console downloads (type, project_id, private_key_id, private_key, client_email, client_id, auth_uri,
 * token_uri, ...). `token_uri` points at the emulator. Never written to disk or committed.
 */
export interface GeneratedServiceAccountKey {
  /** The key file's content: pass it as a secret. */
  keyJson: string;
  clientEmail: string;
  clientId: string;
  publicKeyPem: string;
}

export function generateServiceAccountKey(opts: {
  tokenUri: string;
  projectId?: string;
  accountName?: string;
}): GeneratedServiceAccountKey {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const projectId = opts.projectId ?? "mailinfra-emulated";
  const clientEmail = `${opts.accountName ?? "workspace-provisioner"}@${projectId}.iam.gserviceaccount.com`;
  const clientId = String(100000000000000000000n + BigInt(randomBytes(6).readUIntBE(0, 6)));
  const key = {
    type: "service_account",
    project_id: projectId,
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: clientEmail,
    client_id: clientId,
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: opts.tokenUri,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: "googleapis.com",
  };
  return {
    keyJson: JSON.stringify(key),
    clientEmail,
    clientId,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
