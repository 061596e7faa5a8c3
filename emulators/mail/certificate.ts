import { generate } from "selfsigned";

export interface TlsCredentials {
  key: string;
  cert: string;
}

let cached: Promise<TlsCredentials> | undefined;

/**
 * A self-signed certificate for 127.0.0.1/localhost, made once per process when a test world starts, never
 * stored in the repository. Clients reject it unless told to accept self-signed certificates, like a real
 * mail server with a broken chain.
 */
export function localCertificate(): Promise<TlsCredentials> {
  cached ??= generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: false },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return cached;
}
