import type * as pulumi from "@pulumi/pulumi";
import { checkInputs, containsUnknown, isUnknown, parseChecked } from "../provider-inputs";
import { defaultResolvers } from "./default-resolvers";
import { checkDnsReadinessOnce, waitForDnsReadiness } from "./gate";
import { type ReadinessInputs, readinessInputsSchema } from "./inputs";
import { type ReadinessOutputs, readinessOutputs } from "./outputs";
import { recordKey } from "./readiness-check";
import { readinessSettings } from "./readiness-settings";
import { canonicalName } from "./record-match";

const parseInputs = (props: Record<string, unknown>): ReadinessInputs =>
  parseChecked(readinessInputsSchema, props, "DnsReadiness");

/** What `diff` compares: the DNS identity of the records and the delegation, not how or where they are checked. */
function recordsSignature(records: unknown): string {
  if (!Array.isArray(records) || containsUnknown(records)) return `unknown:${JSON.stringify(records)}`;
  const parsed = readinessInputsSchema.shape.records.safeParse(records);
  if (!parsed.success) return `invalid:${JSON.stringify(records)}`;
  return JSON.stringify(parsed.data.map(recordKey).sort());
}

function nameserversSignature(nameservers: unknown): string {
  if (nameservers === undefined) return "none";
  if (!Array.isArray(nameservers) || containsUnknown(nameservers))
    return `unknown:${JSON.stringify(nameservers)}`;
  return JSON.stringify(nameservers.map((n) => canonicalName(String(n))).sort());
}

function domainSignature(domain: unknown): string {
  return typeof domain === "string" && !isUnknown(domain)
    ? canonicalName(domain)
    : `unknown:${String(domain)}`;
}

const resolversFor = async (inputs: ReadinessInputs): Promise<string[]> => {
  const { report, defaults } = readinessSettings.current();
  return (
    inputs.resolvers ?? (await defaultResolvers(inputs.domain, inputs.nameservers, { report, ...defaults }))
  );
};

/** What the gate asks the resolvers, for a wait (create, update) and a single look (read) alike. */
const gateQuestion = (inputs: ReadinessInputs, resolvers: string[]) => ({
  domain: inputs.domain,
  records: inputs.records,
  nameservers: inputs.nameservers,
  resolvers,
  quorum: inputs.quorum,
});

/** Runs the gate to completion; throws the timeout error listing what is missing where. */
const open = async (inputs: ReadinessInputs): Promise<ReadinessOutputs> => {
  const { report, gate } = readinessSettings.current();
  const resolvers = await resolversFor(inputs);
  const result = await waitForDnsReadiness(
    {
      ...gateQuestion(inputs, resolvers),
      recordForm: inputs.recordForm,
      timeoutMs: inputs.timeoutSeconds * 1000,
      report,
    },
    gate,
  );
  const readyAt = new Date(result.readyAt);
  return readinessOutputs(inputs, resolvers, result.status, readyAt, {
    readyAt,
    secondsToReady: Math.round(result.elapsedMs / 100) / 10,
  });
};

/** The provider the engine runs (through the shim); what it takes from its process: ./readiness-settings.ts. */
export const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
    return checkInputs(readinessInputsSchema, news);
  },

  async diff(_id: string, olds: Partial<ReadinessOutputs>, news: Record<string, unknown>) {
    const changed: string[] = [];
    // A refresh that found records missing leaves ready=false: the next `up` must wait again.
    if (olds.ready === false) changed.push("ready");
    if (domainSignature(olds.domain) !== domainSignature(news.domain)) changed.push("domain");
    if (recordsSignature(olds.records) !== recordsSignature(news.records)) changed.push("records");
    if (nameserversSignature(olds.nameservers) !== nameserversSignature(news.nameservers))
      changed.push("nameservers");
    // resolvers, quorum and timeoutSeconds say how to check, not what must exist: no change on their own.
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
  },

  async create(inputs: Record<string, unknown>) {
    const parsed = parseInputs(inputs);
    const outs = await open(parsed);
    return { id: `dns-readiness:${canonicalName(parsed.domain)}`, outs };
  },

  async update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>) {
    return { outs: await open(parseInputs(news)) };
  },

  /** One look, no waiting: `refresh` records what is missing now and sets ready=false if anything is. */
  async read(id: string, props: Record<string, unknown>) {
    const inputs = parseInputs(props);
    const resolvers = await resolversFor(inputs);
    const status = await checkDnsReadinessOnce(
      gateQuestion(inputs, resolvers),
      readinessSettings.current().gate,
    );
    const previous = props as Partial<ReadinessOutputs>;
    return { id, props: readinessOutputs(inputs, resolvers, status, new Date(), undefined, previous) };
  },

  /** Nothing exists outside Pulumi's state: forgetting the resource is all there is to delete. */
  async delete() {},
};
