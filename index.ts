/**
 * The mailinfra program (components/program.ts): the stack's `mailinfra:` configuration in, one MailDomain
 * per declared domain out. Exports, per domain, where its DNS lives, what a person must do at the registrar,
 * whether records resolve, and its mailboxes.
 */
import { mailinfra } from "./components/program";

export const { domains } = mailinfra();
