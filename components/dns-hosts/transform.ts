import type * as pulumi from "@pulumi/pulumi";

/**
 * Adjusts a resource a DNS host creates, without forking mailinfra (the same shape as SST's `transform`):
 * either a partial args object merged over mailinfra's args, or a callback that edits `args` and `opts` in place.
 *
 * @example
 * ```ts
 * // Tag every record, and protect the zone from `pulumi destroy`.
 * cloudflareHost({
 *   accountId: "023e105f4ecef8ad9ca31a8372d0c353",
 *   transform: {
 *     record: { tags: ["team:growth"] },
 *     zone: (args, opts) => { opts.protect = true; },
 *   },
 * });
 * ```
 */
export type Transform<T> = Partial<T> | ((args: T, opts: pulumi.CustomResourceOptions, name: string) => void);

/** Applies `transform` to a resource's name, args and options, ready to spread into its constructor. */
export function transform<T extends object>(
  transform: Transform<T> | undefined,
  name: string,
  args: T,
  opts: pulumi.CustomResourceOptions,
): [string, T, pulumi.CustomResourceOptions] {
  if (typeof transform === "function") {
    transform(args, opts, name);
    return [name, args, opts];
  }
  return [name, { ...args, ...transform }, opts];
}
