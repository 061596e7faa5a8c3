/**
 * The mailboxes both servers accept: address → password, shared by reference so SMTP and IMAP see a
 * password change at once (hoodiecrow reads `users[name].password` on every LOGIN).
 */
export class MailboxUsers {
  private readonly entries: Record<string, { password: string }> = {};
  /**
   * What hoodiecrow gets as its user table: it calls `users.hasOwnProperty(name)` and `users[name]` with the
   * login name as typed; like real providers, the address matches in any case.
   */
  readonly table: Record<string, { password: string }> = new Proxy(this.entries, {
    get: (target, property) => {
      if (property === "hasOwnProperty") {
        return (name: string) => Object.hasOwn(target, String(name).toLowerCase());
      }
      return typeof property === "string" ? target[property.toLowerCase()] : undefined;
    },
  });

  set(email: string, password: string): void {
    this.entries[email.toLowerCase()] = { password };
  }

  remove(email: string): void {
    delete this.entries[email.toLowerCase()];
  }

  accepts(username: string, password: string): boolean {
    return this.entries[username.toLowerCase()]?.password === password;
  }
}
