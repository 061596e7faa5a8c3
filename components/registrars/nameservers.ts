import type { Registrar } from "../config/schema";
import { REGISTRAR_GUIDES } from "./guides";

/** What a person needs to point a domain's nameservers at Cloudflare (the seed's `NameserverInstructions`). */
export interface NameserverInstructions {
  provider: Registrar;
  providerName: string;
  nameservers: string[];
  instructions: string[];
  documentationUrl?: string;
  estimatedPropagationTime: string;
}

export function nameserverInstructions(
  registrar: Registrar,
  nameservers: readonly string[],
): NameserverInstructions {
  const guide = REGISTRAR_GUIDES[registrar];
  return {
    provider: registrar,
    providerName: guide.name,
    nameservers: nameservers.map((ns) => ns.toLowerCase().replace(/\.$/, "")),
    instructions: [...guide.nameserverSteps],
    documentationUrl: guide.documentationUrl,
    estimatedPropagationTime: guide.estimatedPropagationTime,
  };
}

export function renderNameserverInstructions(domain: string, instructions: NameserverInstructions): string {
  const steps = instructions.instructions.map((step, i) => `  ${i + 1}. ${step}`);
  return [
    `Point ${domain} at Cloudflare: update its nameservers at ${instructions.providerName}`,
    `(usually ${instructions.estimatedPropagationTime}).`,
    ...steps,
    "Nameservers:",
    ...instructions.nameservers.map((ns) => `  ${ns}`),
    ...(instructions.documentationUrl ? [`Documentation: ${instructions.documentationUrl}`] : []),
  ].join("\n");
}
