/**
 * A demo step that did not do what it claims. The demo stops at the first one and exits 1 with this message,
 * so the README's main command never reports success for something that did not happen.
 */
export class DemoFailure extends Error {
  override name = "DemoFailure";
}

/** Stops the demo with `message` unless `condition` holds. */
export function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoFailure(message);
}
