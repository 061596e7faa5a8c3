/**
 * Pure: what makes a fleet unsafe to run, found before any stack runs. A sending domain belongs to one stack;
 * it moves to another only on purpose, in two runs (deleted in the old stack, then created in the new).
 */

export interface StackDomains {
  stack: string;
  /** The stack file, as a user opens it (`stacks/Pulumi.agency-a.yaml`). */
  file: string;
  /** The domains its file declares; undefined when they cannot be parsed (its own run reports why). */
  declared?: readonly string[];
  /** The domains its state holds; undefined when the command does not read state. */
  held?: readonly string[];
}

export interface FleetProblem {
  domain: string;
  /** The stacks it concerns: those declaring a duplicate; for a move, the one holding it, then the one declaring it. */
  stacks: readonly string[];
  message: string;
  fix: string;
}

/** A domain declared by two stacks: both would create, then fight over, the same records and mailboxes. */
export function duplicateDomains(stacks: readonly StackDomains[]): FleetProblem[] {
  const owners = new Map<string, StackDomains[]>();
  for (const s of stacks) {
    for (const domain of new Set(s.declared ?? [])) owners.set(domain, [...(owners.get(domain) ?? []), s]);
  }
  return [...owners]
    .filter(([, declaring]) => declaring.length > 1)
    .map(([domain, declaring]) => {
      const files = declaring.map((s) => s.file);
      const holder = declaring.find((s) => s.held?.includes(domain));
      return {
        domain,
        stacks: declaring.map((s) => s.stack),
        message: `${domain} is declared in ${files.length} stacks: ${files.join(" and ")}`,
        fix: holder
          ? `keep it in ${holder.file} (its state holds it) and remove it from ${files.filter((f) => f !== holder.file).join(" and ")}.`
          : `keep it in one of ${files.join(", ")} and remove it from the other${files.length > 2 ? "s" : ""}.`,
      };
    });
}

/**
 * A domain one stack still holds in its state but no longer declares, while another declares it: run in one
 * go, the new stack would create it while the old one deletes it, in parallel and in no set order.
 */
export function movesInOneGo(stacks: readonly StackDomains[]): FleetProblem[] {
  const problems: FleetProblem[] = [];
  for (const to of stacks) {
    for (const domain of to.declared ?? []) {
      for (const from of stacks) {
        if (from === to || !from.held?.includes(domain)) continue;
        if (from.declared?.includes(domain)) continue; // declared twice: duplicateDomains reports it
        const stacksOf = [from.stack, to.stack];
        if (from.declared === undefined) {
          // Its run would fail on its configuration and delete nothing, while `to` created the domain.
          problems.push({
            domain,
            stacks: stacksOf,
            message:
              `${domain} is declared in ${to.file} and still held by stack ${from.stack}, whose ${from.file} ` +
              "cannot be parsed: whether it still declares the domain is unknown",
            fix: `correct ${from.file} first (npm run pulumi -- preview --stack ${from.stack} lists each error; a stack that should hold no domain any more is emptied with npm run pulumi -- destroy --stack ${from.stack}).`,
          });
          continue;
        }
        if (to.held?.includes(domain)) {
          // Taken over already (a run of `to` alone adopted it): up on `from` would delete what `to` uses.
          problems.push({
            domain,
            stacks: stacksOf,
            message:
              `${domain} is held by both stack ${from.stack} (whose ${from.file} no longer declares it) and ` +
              `stack ${to.stack} (whose ${to.file} does): up on ${from.stack} would delete it there (DNS records ` +
              `mailinfra created deleted, mailboxes suspended, Smartlead accounts disconnected) while ${to.stack} uses it`,
            fix:
              `do not run up on ${from.stack} before taking ${domain} out of its state without deleting anything ` +
              `(https://www.pulumi.com/docs/iac/operations/stack-management/removing-resources-without-deleting-them/): ` +
              `npm run pulumi -- state delete --stack ${from.stack} '<urn>' --target-dependents, with the URN of ` +
              `its mailinfra:index:MailDomain ${domain} from npm run pulumi -- stack --stack ${from.stack} --show-urns; ` +
              `npm run pulumi -- preview --stack ${from.stack} then shows no delete for ${domain}.`,
          });
          continue;
        }
        problems.push({
          domain,
          stacks: stacksOf,
          message:
            `${domain} moves from stack ${from.stack} to ${to.stack} in one run: ${to.file} declares it, ` +
            `${from.file} no longer does, and ${from.stack}'s state still holds it`,
          fix:
            `run up on ${from.stack} first (it deletes the domain there: DNS records mailinfra created are deleted, ` +
            `mailboxes suspended, Smartlead accounts disconnected, the domain kept in Google Workspace), ` +
            `then on ${to.stack}, with adopt: true on the domain's mailboxes in ${to.file} to take the suspended ` +
            `users back: npm run fleet -- up --stacks ${from.stack} --yes, then npm run fleet -- up --stacks ${to.stack} --yes.`,
        });
      }
    }
  }
  return problems;
}

/**
 * The fleet's problems that a run of the `selected` stacks would act on, found over every stack of the project
 * (`fleet`: each stack file's declared domains and, for preview and up, each state's held domains), so naming
 * fewer stacks in `--stacks` does not get round them. A duplicate is kept when one of its declaring stacks runs.
 * A move is kept when the stack declaring it runs; when only the stack still holding it runs, that run is the
 * move's first step (it deletes the domain there) and goes ahead, unless the declaring stack holds the domain
 * already. Each stack the run leaves out is named in the message.
 */
export function problemsOfRun(
  fleet: readonly StackDomains[],
  selected: readonly string[],
  readsState: boolean,
): FleetProblem[] {
  const running = new Set(selected);
  const held = (stack: string, domain: string) =>
    fleet.find((s) => s.stack === stack)?.held?.includes(domain) ?? false;
  const duplicates = duplicateDomains(fleet).filter((p) => p.stacks.some((s) => running.has(s)));
  const moves = readsState
    ? movesInOneGo(fleet).filter(({ domain, stacks: [from, to] }) => {
        if (running.has(to!)) return true;
        return running.has(from!) && held(to!, domain);
      })
    : [];
  return [...duplicates, ...moves].map((p) => {
    const left = p.stacks.filter((s) => !running.has(s));
    if (left.length === 0) return p;
    const named = left.map((s) => `stack ${s}`).join(" and ");
    return {
      ...p,
      message: `${p.message} (${named} ${left.length === 1 ? "is" : "are"} not among --stacks: the fleet checks every stack of the project)`,
    };
  });
}

/** The problems as one message: each with its domain, what is wrong and the fix; nothing was run. */
export function fleetProblemReport(problems: readonly FleetProblem[]): string {
  const lines = problems.map((p, i) => `${i + 1}. ${p.message}.\n   Fix: ${p.fix}`);
  return [
    `fleet: ${problems.length} problem${problems.length === 1 ? "" : "s"} with the fleet's stacks; no stack was run.`,
    ...lines,
  ].join("\n");
}
