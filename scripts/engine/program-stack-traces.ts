/**
 * The stack traces the Pulumi SDK takes for every resource a program registers, made cheap in the process that
 * hosts the program (`npm run pulumi`'s in-process runtime). Measured on a 100-domain × 3-mailbox preview
 * (1,301 resources), these were most of the program's CPU besides registering itself:
 *
 * - source maps: tsx turns them on (its CLI and `tsx/cjs/api`'s `register` call `process.setSourceMapsEnabled(true)`),
 *   and every stack the SDK formats was then mapped back to the .ts sources (~5.8 s of ~22 s CPU; ~2.5 s without);
 * - `debuggablePromise` (@pulumi/pulumi runtime/debuggable.js) formats `new Error().stack` for every promise it
 *   tracks and keeps the string on it, though it prints it only when `PULUMI_DEBUG_PROMISE_LEAKS` is set (the
 *   SDK's "promise leak" report). Those strings were also the largest single kind of object alive in the program.
 *
 * - the call stack sent with every registration (`Resource.stackTrace`, @pulumi/pulumi resource.js), which the
 *   engine stores in the state beside the resource's source position: 13 frames of mailinfra's own components
 *   (users declare domains in YAML, not in code) for a Smartlead account, ~0.7 KB each, 13 % of a 25-domain
 *   stack's state (1.37 MB), which a self-managed backend writes again at every checkpoint. Only the registering
 *   frame, which is the source position, is sent.
 *
 * What users read is unchanged: messages (a configuration error names its `mailinfra:` path), each resource's
 * source position in the state. What changes: a crash's stack trace shows the lines of the JavaScript tsx compiled
 * rather than the .ts lines, the promise leak report has no stacks unless `PULUMI_DEBUG_PROMISE_LEAKS` is set, as
 * before, and a resource's stored stack trace is its source position alone.
 */

/** The SDK module whose promise bookkeeping takes a stack per promise (an @internal export, looked up by name). */
interface Debuggable {
  debuggablePromise?: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
  debugPromiseLeaks?: boolean;
}

const WRAPPED = Symbol.for("mailinfra.debuggablePromiseWithoutStack");

/**
 * Turns off Node's source maps in this process and, unless promise-leak debugging is on, the stack the SDK
 * formats for every promise it tracks. `sdkDebuggable` is @pulumi/pulumi's `runtime/debuggable` module as the SDK
 * that runs the program loads it. Idempotent. If a later SDK no longer has `debuggablePromise`, only source maps
 * are turned off.
 */
export function withoutPerResourceStackTraces(sdkDebuggable: Debuggable): void {
  process.setSourceMapsEnabled(false);
  const original = sdkDebuggable.debuggablePromise;
  if (typeof original !== "function" || sdkDebuggable.debugPromiseLeaks) return;
  if ((original as { [WRAPPED]?: boolean })[WRAPPED]) return;
  const withoutStack = (p: Promise<unknown>, ctx: unknown) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  Object.assign(withoutStack, { [WRAPPED]: true });
  sdkDebuggable.debuggablePromise = withoutStack;
}

/** The SDK's `Resource` class, whose static `stackTrace(skip)` gives the frames sent with a registration. */
interface SdkResourceModule {
  Resource?: { stackTrace?: (skip: number) => unknown[] };
}

const FIRST_FRAME = Symbol.for("mailinfra.registeringFrameOnly");

/**
 * Sends only the registering frame (the resource's source position) as the stack trace of each registration.
 * `sdkResource` is @pulumi/pulumi's `resource` module as the SDK that runs the program loads it. Idempotent; if a
 * later SDK no longer has `Resource.stackTrace`, nothing changes.
 */
export function withRegisteringFrameOnly(sdkResource: SdkResourceModule): void {
  const resource = sdkResource.Resource;
  const original = resource?.stackTrace;
  if (!resource || typeof original !== "function") return;
  if ((original as { [FIRST_FRAME]?: boolean })[FIRST_FRAME]) return;
  // The SDK counts `skip` frames from inside its own `callsites`: this wrapper is one more frame to step over, or
  // every resource's source position would be the line that calls it (e.g. `super()` in @pulumi/pulumi's dynamic
  // Resource) rather than the line that creates the resource.
  resource.stackTrace = Object.assign((skip: number) => original.call(resource, skip + 1).slice(0, 1), {
    [FIRST_FRAME]: true,
  });
}
