/**
 * The mailboxes both servers accept: address → password, shared by reference so SMTP and IMAP see a
 * password change at once (hoodiecrow reads `users[name].password` on every LOGIN).
 */
export class MailboxUsers {
  // A plain object: hoodiecrow calls `users.hasOwnProperty(name)`.
  readonly table: Record<string, { password: string }> = {};

  set(email: string, password: string): void {
    this.table[email.toLowerCase()] = { password };
  }

  remove(email: string): void {
    delete this.table[email.toLowerCase()];
  }

  accepts(username: string, password: string): boolean {
    return this.table[username.toLowerCase()]?.password === password;
  }
}
