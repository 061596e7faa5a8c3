/**
 * `npm run authorize` as typed, with the person at Google's consent page played as its links appear: the
 * same code the demo uses (scripts/demo/authorize-command.ts).
 */
export { runAuthorize } from "../../../scripts/demo/authorize-command";
