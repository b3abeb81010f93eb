import { reject } from "./reject.js";

/**
 * A Fabric party id: `<mspId>::x509::<subject DN>::<issuer DN>`. MSP ids are
 * printable without spaces or colons; DNs are ClientIdentity's `/K=V/K=V` form.
 */
const FABRIC_PARTY = /^[A-Za-z0-9._-]+::x509::\/[A-Za-z]+=.*::\/[A-Za-z]+=.*$/;

export function isFabricParty(value: unknown): value is string {
  return typeof value === "string" && value.length <= 1024 && FABRIC_PARTY.test(value);
}

/** A party argument of this platform, or InvalidArgument naming the parameter. */
export function requireParty(name: string, value: string): void {
  if (!isFabricParty(value)) reject("InvalidArgument", `${name} '${value}' is not a Fabric party id`);
}

/** The OU values of the caller's subject DN, e.g. ["admin"] for an MSP admin. */
export function organizationalUnits(clientId: string): string[] {
  const subject = clientId.split("::")[1] ?? "";
  return [...subject.matchAll(/\/OU=([^/]*)/g)].map((match) => match[1]);
}
