import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { DomainConfig } from "../config/schema";
import type { PublishedRecord } from "../dns-hosts/dns-host";
import type { MailDnsRecord } from "./record";
import { planRecords } from "./record-set";
import type { SpfFlattened } from "./spf";

/** Stands in for deploy-time values while the shape of the record set is planned. */
const PENDING = "pending";

/**
 * The domain's records, one entry per record, with values the deployment produces (Google's verification
 * token, a generated DKIM key) as outputs. The set of records — names, types, order — is known when the
 * program runs, which is what lets a DNS host register one resource per record during `preview`.
 */
export function publishedRecords(
  domain: DomainConfig,
  deployed: {
    googleVerificationToken?: pulumi.Input<string>;
    dkimPublicKey?: pulumi.Input<string>;
    /** Addresses the SPF includes resolved to, for domains with `spf.flatten` on. */
    spfFlattened?: pulumi.Input<SpfFlattened>;
  },
): PublishedRecord[] {
  const shape = planRecords(domain, {
    googleVerificationToken: deployed.googleVerificationToken === undefined ? undefined : PENDING,
    dkimPublicKey: deployed.dkimPublicKey === undefined ? undefined : pendingDkimKey(),
  });
  const final = pulumi
    .all([deployed.googleVerificationToken, deployed.dkimPublicKey, deployed.spfFlattened])
    .apply(([googleVerificationToken, dkimPublicKey, spfFlattened]) =>
      planRecords(domain, {
        googleVerificationToken,
        dkimPublicKey,
        spfFlattened: spfFlattened as SpfFlattened | undefined,
      }),
    );
  const deployTime = new Set([
    "verification",
    "dkim",
    ...(deployed.spfFlattened === undefined ? [] : ["spf"]),
  ]);
  return shape.map((record, i) => {
    if (!deployTime.has(record.purpose)) return record;
    const value = final.apply((records) => sameRecord(records[i], record));
    return {
      ...record,
      content: value.apply((r) => r.content),
      ...(record.type === "TXT" ? { strings: value.apply((r) => r.strings ?? [r.content]) } : {}),
    };
  });
}

function sameRecord(found: MailDnsRecord | undefined, planned: MailDnsRecord): MailDnsRecord {
  if (!found || found.name !== planned.name || found.type !== planned.type) {
    throw new Error(
      `mailinfra: the ${planned.purpose} record ${planned.name} changed shape once deploy-time values were known; ` +
        "this is a bug in the record builders, please report it",
    );
  }
  return found;
}

/** A real public key, used only to plan the DKIM record's shape before the deployed key is known. */
let pendingKey: string | undefined;
function pendingDkimKey(): string {
  pendingKey ??= generateKeyPairSync("rsa", { modulusLength: 1024 })
    .publicKey.export({ type: "spki", format: "der" })
    .toString("base64");
  return pendingKey;
}
