import type * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import pLimit from "p-limit";
import type { z } from "zod";
import { type DefaultResolverOptions, defaultResolvers } from "./default-resolvers";
import { checkDnsReadinessOnce, type GateDependencies, waitForDnsReadiness } from "./gate";
import { describeInputIssues, type ReadinessInputs, readinessInputsSchema } from "./inputs";
import { type ReadinessOutputs, readinessOutputs } from "./outputs";
import { reportToUser } from "./progress-sink";
import { recordKey } from "./readiness-check";
import { canonicalName } from "./record-match";

export interface ReadinessProviderOptions {
  /** Where progress lines go. @default reportToUser (stderr of the provider process) */
  report?: (line: string) => void;
  /** Query plumbing for the gate (tests shorten timeouts). */
  gate?: GateDependencies;
  /** How default resolvers are found (tests point them at the local DNS world). */
  defaults?: DefaultResolverOptions;
}

/** True when Pulumi does not know this value yet (during preview); it arrives as a sentinel string. */
function isUnknown(value: unknown): boolean {
  return value === unknownValue;
}

/** Issues about values that are not known yet are not issues: `up` checks again once they are. */
function issueOnKnownValue(news: Record<string, unknown>, issue: z.core.$ZodIssue): boolean {
  let value: unknown = news;
  for (const step of issue.path) {
    if (isUnknown(value)) return false;
    if (value === null || typeof value !== "object") return true;
    value = (value as Record<PropertyKey, unknown>)[step as PropertyKey];
  }
  return !isUnknown(value);
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function parseInputs(props: Record<string, unknown>): ReadinessInputs {
  const parsed = readinessInputsSchema.safeParse(props);
  if (!parsed.success) {
    throw new Error(
      `DnsReadiness: invalid inputs:\n${describeInputIssues(parsed.error.issues)
        .map((i) => `  ${i.reason}`)
        .join("\n")}`,
    );
  }
  return parsed.data;
}

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

/** Builds the provider; `provider` below is the one Pulumi loads, tests build their own. */
export function readinessProvider(options: ReadinessProviderOptions = {}): pulumi.dynamic.ResourceProvider {
  const report = options.report ?? reportToUser;
  const gateDeps = options.gate ?? {};

  const resolversFor = async (inputs: ReadinessInputs): Promise<string[]> =>
    inputs.resolvers ??
    (await defaultResolvers(inputs.domain, inputs.nameservers, { report, ...options.defaults }));

  /** Runs the gate to completion; throws the timeout error listing what is missing where. */
  const open = async (inputs: ReadinessInputs): Promise<ReadinessOutputs> => {
    const resolvers = await resolversFor(inputs);
    const result = await waitForDnsReadiness(
      {
        domain: inputs.domain,
        records: inputs.records,
        nameservers: inputs.nameservers,
        resolvers,
        quorum: inputs.quorum,
        timeoutMs: inputs.timeoutSeconds * 1000,
        report,
      },
      gateDeps,
    );
    const readyAt = new Date(result.readyAt);
    return readinessOutputs(inputs, resolvers, result.status, readyAt, {
      readyAt,
      secondsToReady: Math.round(result.elapsedMs / 100) / 10,
    });
  };

  return {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
      const parsed = readinessInputsSchema.safeParse(news);
      if (parsed.success) return { inputs: parsed.data };
      const failures = describeInputIssues(
        parsed.error.issues.filter((issue) => issueOnKnownValue(news, issue)),
      );
      return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
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
        {
          domain: inputs.domain,
          records: inputs.records,
          nameservers: inputs.nameservers,
          resolvers,
          quorum: inputs.quorum,
        },
        gateDeps,
      );
      const previous = props as Partial<ReadinessOutputs>;
      return { id, props: readinessOutputs(inputs, resolvers, status, new Date(), undefined, previous) };
    },

    /** Nothing exists outside Pulumi's state: forgetting the resource is all there is to delete. */
    async delete() {},
  };
}

/**
 * The provider the engine runs. One query limit for the whole provider process, so a stack of
 * hundreds of domains does not flood public resolvers with thousands of parallel queries.
 */
export const provider = readinessProvider({ report: reportToUser, gate: { limit: pLimit(64) } });
