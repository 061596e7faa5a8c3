/**
 * API calls a run made, from the emulators' call logs: per service, per endpoint, and the 429s among them.
 * Every HTTP request counts, retries included: each one spends the service's rate limit.
 */
export type Service = "google.oauth" | "google.directory" | "google.siteVerification" | "smartlead";

export const services: Service[] = [
  "google.oauth",
  "google.directory",
  "google.siteVerification",
  "smartlead",
];

export interface LoggedCall {
  service: Service;
  /** `directory.users.insert`, `POST /email-accounts/save`, ... */
  endpoint: string;
  status: number;
  at: number;
}

export interface CallSummary {
  total: Record<Service, number>;
  byEndpoint: Record<string, number>;
  rateLimited: Record<Service, number>;
}

export function googleService(endpoint: string): Service {
  if (endpoint === "oauth.token") return "google.oauth";
  if (endpoint.startsWith("siteVerification.")) return "google.siteVerification";
  return "google.directory";
}

export function summarizeCalls(calls: LoggedCall[], from: number, to: number): CallSummary {
  const zero = () => Object.fromEntries(services.map((s) => [s, 0])) as Record<Service, number>;
  const summary: CallSummary = { total: zero(), byEndpoint: {}, rateLimited: zero() };
  for (const call of calls) {
    if (call.at < from || call.at > to) continue;
    summary.total[call.service] += 1;
    summary.byEndpoint[call.endpoint] = (summary.byEndpoint[call.endpoint] ?? 0) + 1;
    if (call.status === 429) summary.rateLimited[call.service] += 1;
  }
  return summary;
}
