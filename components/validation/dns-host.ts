import { configError } from "../config/issue";
import { dnsSettingProblems } from "../dns-hosts/config";
import { perDomain } from "./rule";

/** Each DNS host's checks of its `dns:` settings (Cloudflare ids fail only at deploy time otherwise). */
export const dnsHostRule = perDomain(({ domain, path }) =>
  dnsSettingProblems(domain.dns).map((problem) =>
    configError(path("dns", problem.field), problem.message, problem.fix),
  ),
);
