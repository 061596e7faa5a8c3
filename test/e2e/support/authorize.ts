import { type ChildProcess, spawn } from "node:child_process";
import { consentLinks } from "../../../scripts/authorize/consent-link";
import { repoRoot } from "../../../scripts/engine/index";

/**
 * The person at Google's consent page, as a browser would carry them: read the sign-in form, sign in with the
 * mailbox's password, press Allow, follow the redirect to `npm run authorize`'s loopback address.
 */
export async function signIn(link: string, address: string, password: string): Promise<string> {
  const page = await (await fetch(link)).text();
  const request = /name="request" value="([^"]+)"/.exec(page)?.[1];
  if (!request) throw new Error(`no sign-in form at the consent link:\n${page}`);
  const answer = await fetch(new URL("/o/oauth2/v2/auth", link), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request, email: address, password, decision: "allow" }).toString(),
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  if (!location)
    throw new Error(`the consent page did not redirect (${answer.status}): ${await answer.text()}`);
  return (await fetch(location)).text();
}

/**
 * Runs `npm run authorize -- --stack <stack> ...` as a user types it, signing in each mailbox of `people`
 * (address → its password) as its consent link appears. Resolves with the exit code, everything printed,
 * and each landing page the browser showed.
 */
export function runAuthorize(
  stack: string,
  args: string[],
  /** Address → its password; or the account someone else signs in with at that mailbox's link. */
  people: Record<string, string | { as: string; password: string }>,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string; landings: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      "npm",
      ["run", "--silent", "authorize", "--", "--stack", stack, ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    const started = new Set<string>();
    const landings: Record<string, string> = {};
    const signIns: Promise<void>[] = [];
    const onData = (d: Buffer) => {
      output += d;
      for (const [address, link] of consentLinks(output)) {
        if (!(address in people) || started.has(address)) continue;
        started.add(address);
        const person = people[address]!;
        const [email, password] =
          typeof person === "string" ? [address, person] : [person.as, person.password];
        signIns.push(
          signIn(link, email, password).then((page) => {
            landings[address] = page;
          }),
        );
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      Promise.all(signIns).then(() => resolve({ code, output, landings }), reject);
    });
  });
}
