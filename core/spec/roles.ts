/**
 * Roles. On Fabric they live in world state, granted by ADMIN; the first ADMIN is set
 * by the one-time initialisation. On EVM they are OpenZeppelin AccessControl roles whose
 * id is keccak256 of the name. Everyone without a role is a plain member.
 *
 * Governance cannot lock itself out: there is always at least one ADMIN. Revoking or
 * renouncing ADMIN from its last holder is rejected with `InvalidState` (and nothing is
 * written); grant ADMIN to another party first.
 */
export const ROLES = ["ADMIN", "ACCREDITOR", "FINANCIER"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** ADMIN administers every role, itself included. */
export const ROLE_ADMIN: Record<Role, Role> = {
  ADMIN: "ADMIN",
  ACCREDITOR: "ADMIN",
  FINANCIER: "ADMIN",
};
