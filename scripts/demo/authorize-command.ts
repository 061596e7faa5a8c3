import { type ChildProcess, spawn } from "node:child_process";
import { answerConsentPage } from "../../emulators/google/oauth-person";
import { consentLinks } from "../authorize/consent-link";
import { repoRoot } from "../engine/index";

/**
 * The person at Google's consent page, as a browser carries them: the sign-in form, the mailbox's password,
 * Allow, then the redirect to `npm run authorize`'s loopback address. Resolves with the page the browser shows.
 */
export async function signIn(link: string, email: string, password: string): Promise<string> {
  const outcome = await answerConsentPage(link, { email, password });
  if (!outcome.location) {
    throw new Error(`the consent page did not redirect (${outcome.status}): ${outcome.html ?? ""}`);
  }
  return (await fetch(outcome.location)).text();
}

/**
 * Runs `npm run authorize -- --stack <stack> ...` as a user types it, and plays each mailbox of `people`
 * (address → its password, or the account someone else signs in with at that link) as its consent link
 * appears in the output. Resolves with the exit code, everything printed, and each landing page.
 */
export function runAuthorize(
  stack: string,
  args: string[],
  people: Record<string, string | { as: string; password: string }>,
  env: NodeJS.ProcessEnv,
  onOutput?: (text: string) => void,
): Promise<{
  code: number | null;
  output: string;
  landings: Record<string, string>;
  /** Address → why its sign-in failed at the consent page. */
  failures: Record<string, string>;
}> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      "npm",
      ["run", "--silent", "authorize", "--", "--stack", stack, ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const started = new Set<string>();
    const landings: Record<string, string> = {};
    const failures: Record<string, string> = {};
    const signIns: Promise<void>[] = [];
    const onData = (d: Buffer) => {
      output += d;
      onOutput?.(d.toString());
      for (const [address, link] of consentLinks(output)) {
        if (!(address in people) || started.has(address)) continue;
        started.add(address);
        const person = people[address]!;
        const [email, password] =
          typeof person === "string" ? [address, person] : [person.as, person.password];
        signIns.push(
          signIn(link, email, password).then(
            (page) => {
              landings[address] = page;
            },
            (error: Error) => {
              // The person could not sign in (wrong password, account not ready): the command would wait for
              // nothing, so it is stopped, and the caller sees why.
              failures[address] = error.message;
              child.kill("SIGINT");
            },
          ),
        );
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      Promise.all(signIns).then(() => resolve({ code, output, landings, failures }), reject);
    });
  });
}
