import type { Registrar } from "./registrar";

/** How a registrar's DNS form wants records typed in. */
export interface RecordConventions {
  /** What goes in the host field for the domain itself: `@`, or nothing. Subdomains are always relative. */
  apexHost: "@" | "";
  /** TXT values: pasted whole (the registrar splits long values itself), or as quoted 255-byte strings. */
  txtValue: "whole" | "quoted-strings";
}

export interface RegistrarGuide {
  id: Registrar;
  name: string;
  /** Steps to point the domain's nameservers at its DNS host (`DNS_HOST_NAME` stands for the host's name). */
  nameserverSteps: string[];
  /** Steps to create records by hand (DNS host `manual`). */
  recordSteps: string[];
  /** The registrar's documentation for changing nameservers. */
  documentationUrl: string;
  /** The registrar's documentation for adding DNS records, where known. */
  recordsDocumentationUrl?: string;
  /** Typical time until a nameserver change is visible. */
  estimatedPropagationTime: string;
  records: RecordConventions;
}

/** Stands for the DNS host's name (`Cloudflare`) in `nameserverSteps`; `nameserverInstructions` fills it in. */
export const DNS_HOST_NAME = "{dns host}";

const NEW_NAMESERVERS = `Enter the ${DNS_HOST_NAME} nameservers shown below, replacing every existing one`;

/**
 * Per-registrar instructions. Documentation links and propagation times follow the seed's table;
 * Porkbun (not in the seed) links to its knowledge-base article on nameservers. Google Domains was
 * moved to Squarespace Domains in 2023; its steps say so.
 */
export const REGISTRAR_GUIDES: Record<Registrar, RegistrarGuide> = {
  godaddy: {
    id: "godaddy",
    name: "GoDaddy",
    nameserverSteps: [
      "Log in to your GoDaddy account",
      'Navigate to "My Products" > "Domains"',
      "Click on the domain you want to connect",
      'Scroll down to "Additional Settings" section',
      'Click "Manage DNS"',
      'Click "Change Nameservers"',
      'Select "I\'ll use my own nameservers"',
      `Enter the ${DNS_HOST_NAME} nameservers shown below`,
      'Click "Save" and wait for propagation (usually 15-30 minutes)',
    ],
    recordSteps: [
      "Log in to your GoDaddy account",
      'Navigate to "My Products" > "Domains" and select the domain',
      'Open "DNS" > "Manage DNS"',
      'For each record below click "Add New Record", choose the type and fill Name, Value, Priority (MX) and TTL',
      "Delete any other SPF (v=spf1) TXT record at @: a domain must have exactly one",
      'Click "Save"',
    ],
    documentationUrl: "https://www.godaddy.com/help/change-nameservers-for-my-domains-664",
    estimatedPropagationTime: "15-30 minutes",
    records: { apexHost: "@", txtValue: "whole" },
  },
  namecheap: {
    id: "namecheap",
    name: "Namecheap",
    nameserverSteps: [
      "Sign in to your Namecheap account",
      'Open "Domain List" and click "Manage" next to the domain',
      'In the "Nameservers" section choose "Custom DNS"',
      NEW_NAMESERVERS,
      "Click the green check mark to save (usually 30 minutes to 2 hours)",
    ],
    recordSteps: [
      "Sign in to your Namecheap account",
      'Open "Domain List", click "Manage" next to the domain, then "Advanced DNS"',
      'Under "Mail Settings" choose "Custom MX" so MX records can be added',
      'For each record below click "Add New Record", choose the type and fill Host, Value, Priority (MX) and TTL',
      "Remove any other SPF (v=spf1) TXT record at @: a domain must have exactly one",
      "Save each record with the green check mark",
    ],
    documentationUrl: "https://www.namecheap.com/support/knowledgebase/article.aspx/767/10/",
    estimatedPropagationTime: "30 mins - 2 hours",
    records: { apexHost: "@", txtValue: "whole" },
  },
  cloudflare: {
    id: "cloudflare",
    name: "Cloudflare",
    nameserverSteps: [
      "Log in to the Cloudflare dashboard",
      "Domains registered with Cloudflare Registrar already use Cloudflare nameservers: nothing to change",
      "If the zone is in another Cloudflare account, move the domain or use that account's id in dns.accountId",
    ],
    recordSteps: [
      "Log in to the Cloudflare dashboard and select the domain",
      'Open "DNS" > "Records"',
      'For each record below click "Add record", choose the type and fill Name, Content/Mail server, Priority (MX) and TTL',
      'Set "Proxy status" to "DNS only" for CNAME records: tracking and DKIM hosts must not be proxied',
      "Remove any other SPF (v=spf1) TXT record at @: a domain must have exactly one",
    ],
    documentationUrl: "https://developers.cloudflare.com/dns/",
    recordsDocumentationUrl:
      "https://developers.cloudflare.com/dns/manage-dns-records/how-to/create-dns-records/",
    estimatedPropagationTime: "Immediate",
    records: { apexHost: "@", txtValue: "whole" },
  },
  "google-domains": {
    id: "google-domains",
    name: "Google Domains",
    nameserverSteps: [
      "Google Domains moved to Squarespace Domains: sign in at domains.squarespace.com with the same Google account",
      "Select the domain and open DNS > Domain Nameservers",
      'Click "Use custom nameservers"',
      NEW_NAMESERVERS,
      'Click "Save" (allow 24-48 hours)',
    ],
    recordSteps: [
      "Sign in at domains.squarespace.com (former Google Domains) and select the domain",
      "Open DNS > DNS Settings > Custom records",
      'For each record below click "Add record", choose the type and fill Host, Data, Priority (MX) and TTL',
      "Remove any other SPF (v=spf1) TXT record at @: a domain must have exactly one",
      'Click "Save"',
    ],
    documentationUrl: "https://support.google.com/domains/answer/3290309",
    estimatedPropagationTime: "24-48 hours",
    records: { apexHost: "@", txtValue: "whole" },
  },
  "name.com": {
    id: "name.com",
    name: "Name.com",
    nameserverSteps: [
      "Sign in to your Name.com account",
      'Open "My Domains" and click the domain',
      'Click "Manage Nameservers"',
      `Delete the existing nameservers and add the ${DNS_HOST_NAME} nameservers shown below`,
      'Click "Save changes" (usually 1-2 hours)',
    ],
    recordSteps: [
      "Sign in to your Name.com account",
      'Open "My Domains", click the domain, then "Manage DNS Records"',
      "For each record below choose the type and fill Host (leave it empty for the domain itself), Answer, Priority (MX) and TTL",
      "Remove any other SPF (v=spf1) TXT record on the domain itself: a domain must have exactly one",
      'Click "Add Record" for each',
    ],
    documentationUrl: "https://www.name.com/support/articles/205934547",
    estimatedPropagationTime: "1-2 hours",
    records: { apexHost: "", txtValue: "whole" },
  },
  hover: {
    id: "hover",
    name: "Hover",
    nameserverSteps: [
      "Sign in to your Hover account",
      'Select the domain and open the "Overview" tab',
      'Click "Edit" next to Nameservers',
      NEW_NAMESERVERS,
      'Click "Save Nameservers" (usually 2-4 hours)',
    ],
    recordSteps: [
      "Sign in to your Hover account and select the domain",
      'Open the "DNS" tab',
      'For each record below click "Add A Record", choose the type and fill Hostname, Value/Target Host, Priority (MX) and TTL',
      "Remove any other SPF (v=spf1) TXT record at @: a domain must have exactly one",
    ],
    documentationUrl: "https://help.hover.com/hc/en-us/",
    estimatedPropagationTime: "2-4 hours",
    records: { apexHost: "@", txtValue: "whole" },
  },
  porkbun: {
    id: "porkbun",
    name: "Porkbun",
    nameserverSteps: [
      "Log in to your Porkbun account",
      'Open "Domain Management" and expand the domain\'s details',
      'Click "Edit" next to "Authoritative Nameservers"',
      `Delete the listed nameservers and enter the ${DNS_HOST_NAME} nameservers shown below, one per line`,
      'Click "Submit" (usually within a few hours, up to 24)',
    ],
    recordSteps: [
      "Log in to your Porkbun account",
      'Open "Domain Management", and click "DNS" under the domain',
      "For each record below choose the type and fill Host (leave it empty for the domain itself), Answer, Priority (MX) and TTL",
      "Remove any other SPF (v=spf1) TXT record on the domain itself: a domain must have exactly one",
      'Click "Add" for each',
    ],
    documentationUrl: "https://kb.porkbun.com/article/22-how-to-change-your-nameservers",
    recordsDocumentationUrl: "https://kb.porkbun.com/article/231-how-to-add-dns-records-on-porkbun",
    estimatedPropagationTime: "1-24 hours",
    records: { apexHost: "", txtValue: "whole" },
  },
  other: {
    id: "other",
    name: "your registrar",
    nameserverSteps: [
      "Sign in where the domain is registered",
      'Find the domain\'s "Nameservers" (sometimes "DNS servers") setting',
      "Choose custom nameservers",
      NEW_NAMESERVERS,
      "Save and wait for propagation (1-48 hours)",
    ],
    recordSteps: [
      "Open the DNS records of the domain at its DNS provider",
      "Create each record below; the host is relative to the domain (@ is the domain itself)",
      "TXT values are shown as quoted strings of at most 255 bytes; enter them as your provider expects (most take the unquoted joined value)",
      "Remove any other SPF (v=spf1) TXT record at @: a domain must have exactly one",
    ],
    documentationUrl: "https://developers.cloudflare.com/dns/zone-setups/full-setup/setup/",
    estimatedPropagationTime: "1-48 hours",
    records: { apexHost: "@", txtValue: "quoted-strings" },
  },
};
