/**
 * How long the readiness gate waits for records to propagate. Users set it in minutes as
 * `mailinfra:readiness.timeoutMinutes` (components/config/schema.ts); the DnsReadiness resource takes seconds.
 * The one definition of both, so the schema, the provider's input check and the timeout message agree.
 * Plain data, no imports.
 */

/** The configuration key users set, named in the timeout message. */
export const READINESS_TIMEOUT_CONFIG_KEY = "mailinfra:readiness.timeoutMinutes";

/** 48 hours at most: registrars promise propagation within that; waiting longer means something is wrong. */
export const READINESS_TIMEOUT_MINUTES = { min: 1, max: 2_880, default: 30 } as const;

export const MAX_TIMEOUT_SECONDS = READINESS_TIMEOUT_MINUTES.max * 60;
export const DEFAULT_TIMEOUT_SECONDS = READINESS_TIMEOUT_MINUTES.default * 60;
