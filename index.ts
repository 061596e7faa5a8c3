import * as pulumi from "@pulumi/pulumi";

// Placeholder program until the MailDomain component lands: proves the engine runs this project.
const config = new pulumi.Config("mailinfra");
export const domains = (config.getObject<{ name: string }[]>("domains") ?? []).map((d) => d.name);
