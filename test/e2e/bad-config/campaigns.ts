import { type BadConfig, domain, manual, withDomains, world } from "./support";

/** An id no campaign of the local world's Smartlead has (its campaign ids start at 501). */
const UNKNOWN = 990001;
const UNKNOWN_IN_DEFAULTS = 990002;

/**
 * Bad config only Smartlead can tell: campaign ids that do not exist. The preflight asks Smartlead (read
 * only) before anything is registered, so even `up` creates no user and no account.
 */
export const campaignCases: BadConfig[] = [
  {
    name: "assigned campaigns that do not exist in Smartlead, next to one that does",
    config: () => {
      const known = world().smartlead.state.addCampaign({ name: "Q3 founders", status: "PAUSED" }).id;
      return withDomains(
        [
          domain({ smartlead: { campaignIds: [known, UNKNOWN] } }),
          domain({ name: "send-b.test" }), // inherits the defaults' list
        ],
        {
          "mailinfra:defaults": {
            value: JSON.stringify({ dns: manual, smartlead: { campaignIds: [UNKNOWN_IN_DEFAULTS] } }),
          },
        },
      );
    },
    errors: [
      {
        path: "mailinfra:domains[0].smartlead.campaignIds[1]",
        fix: new RegExp(`Replace ${UNKNOWN} with the id of an existing campaign`),
      },
      {
        path: "mailinfra:defaults.smartlead.campaignIds[0]",
        fix: new RegExp(`Replace ${UNKNOWN_IN_DEFAULTS} with the id of an existing campaign`),
      },
    ],
    up: true,
  },
  {
    name: "set a Smartlead API key that Smartlead rejects, with campaigns to check",
    config: () => {
      const known = world().smartlead.state.addCampaign({ name: "Q4", status: "PAUSED" }).id;
      return withDomains([domain({ smartlead: { campaignIds: [known] } })], {
        "mailinfra:smartlead": {
          value: JSON.stringify({ baseUrl: world().smartlead.baseUrl, apiKey: "sl-revoked-key" }),
          secret: true,
        },
      });
    },
    errors: [{ path: "mailinfra:smartlead.apiKey", fix: /Copy the key again from Smartlead/ }],
  },
];
