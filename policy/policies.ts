import type { Policies } from "@pulumi/policy";
import { credentialOutputsSecret, noPlainCredentials, prodRetainsCredentials } from "./credentialPolicies";
import { monitorHandlesResolve, namesCarryEnvironment, validationMonitorsAreDrafts } from "./routingPolicies";

/** The pack's policies: what index.ts serves and what the tests evaluate. */
export const policies: Policies = [
  validationMonitorsAreDrafts,
  credentialOutputsSecret,
  prodRetainsCredentials,
  noPlainCredentials,
  monitorHandlesResolve,
  namesCarryEnvironment,
];
