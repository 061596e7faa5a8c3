/**
 * Runs `body` with the process's unhandled rejections collected instead of failing the run, and returns them.
 * A failed check inside an output is, as in any Pulumi program, also an unhandled rejection, which the
 * language host reports as the program's error; vitest would count it as a stray error of the test file.
 */
export async function programErrors(body: () => Promise<unknown>): Promise<unknown[]> {
  const errors: unknown[] = [];
  const listeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const collect = (reason: unknown) => errors.push(reason);
  process.on("unhandledRejection", collect);
  try {
    await body();
    // Rejections of outputs nobody awaits surface on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off("unhandledRejection", collect);
    for (const listener of listeners) process.on("unhandledRejection", listener);
  }
  return errors;
}
