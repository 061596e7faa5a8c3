/**
 * The mailinfra program (components/program.ts): the stack's `mailinfra:` configuration in, one MailDomain
 * per declared domain out. Its outputs, per domain: where its DNS lives, what a person must do at the
 * registrar, whether records resolve, and its mailboxes.
 *
 * Exported as a function, not as values: Pulumi calls it on every run, so a process that runs the program
 * twice (`up` runs preview, then the update) registers the whole fleet both times.
 */
import { program } from "./components/program";

export = program;
