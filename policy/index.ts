/**
 * operator-wiring's policy pack: `pulumi preview --policy-pack policy` (README, "Policy pack").
 * Mandatory policies stop the update; advisory ones warn. Each says why it is one or the other.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("operator-wiring", { policies });
