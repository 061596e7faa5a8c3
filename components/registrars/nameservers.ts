import { normalizeHost } from "../dns/name";
import { DNS_HOST_NAME, REGISTRAR_GUIDES } from "./guides";
import type { Registrar } from "./registrar";

/** What a person needs to point a domain's nameservers at its DNS host (the seed's `NameserverInstructions`). */
export interface NameserverInstructions {
  provider: Registrar;
  providerName: string;
  nameservers: string[];
  instructions: string[];
  documentationUrl?: string;
  estimatedPropagationTime: string;
}

/** `registrar`'s steps to delegate the domain to `nameservers`, the ones `hostName` (`Cloudflare`) assigned. */
export function nameserverInstructions(
  registrar: Registrar,
  nameservers: readonly string[],
  hostName: string,
): NameserverInstructions {
  const guide = REGISTRAR_GUIDES[registrar];
  return {
    provider: registrar,
    providerName: guide.name,
    nameservers: nameservers.map(normalizeHost),
    instructions: guide.nameserverSteps.map((step) => step.replaceAll(DNS_HOST_NAME, hostName)),
    documentationUrl: guide.documentationUrl,
    estimatedPropagationTime: guide.estimatedPropagationTime,
  };
}

/** The steps and nameservers as plain text, for a person to follow at the registrar. */
export function renderNameserverInstructions(
  domain: string,
  instructions: NameserverInstructions,
  hostName: string,
): string {
  const steps = instructions.instructions.map((step, i) => `  ${i + 1}. ${step}`);
  return [
    `Point ${domain} at ${hostName}: update its nameservers at ${instructions.providerName}`,
    `(usually ${instructions.estimatedPropagationTime}).`,
    ...steps,
    "Nameservers:",
    ...instructions.nameservers.map((ns) => `  ${ns}`),
    ...(instructions.documentationUrl ? [`Documentation: ${instructions.documentationUrl}`] : []),
  ].join("\n");
}
