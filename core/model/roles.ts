/** Roles: OpenZeppelin AccessControl semantics, ADMIN administers all, the last ADMIN stays. */
import { isRole, ROLE_ADMIN, type Role } from "../spec/roles.js";
import type { Party } from "../spec/types.js";
import { type ModelContext, requireParty } from "./context.js";
import { fail, type ModelEvent } from "./outcome.js";

export const hasRole = (ctx: ModelContext, role: Role, party: Party) => ctx.state.roles.get(role)!.has(party);

export function requireRole(ctx: ModelContext, role: Role): void {
  if (!hasRole(ctx, role, ctx.caller)) fail("Unauthorized", `${ctx.caller} lacks ${role}`);
}

function requireRoleName(role: unknown): asserts role is Role {
  if (!isRole(role)) fail("InvalidArgument", `unknown role ${String(role)}`);
}

function remove(ctx: ModelContext, role: Role, account: Party): void {
  const holders = ctx.state.roles.get(role)!;
  if (role === "ADMIN" && holders.size <= 1) fail("InvalidState", "the last ADMIN cannot leave");
  holders.delete(account);
}

export function grantRole(ctx: ModelContext, role: unknown, account: unknown): ModelEvent | undefined {
  requireRoleName(role);
  requireParty(ctx, "account", account);
  requireRole(ctx, ROLE_ADMIN[role]);
  if (hasRole(ctx, role, account)) return undefined;
  ctx.state.roles.get(role)!.add(account);
  return { name: "RoleGranted", payload: { role, account, sender: ctx.caller } };
}

export function revokeRole(ctx: ModelContext, role: unknown, account: unknown): ModelEvent | undefined {
  requireRoleName(role);
  requireParty(ctx, "account", account);
  requireRole(ctx, ROLE_ADMIN[role]);
  if (!hasRole(ctx, role, account)) return undefined;
  remove(ctx, role, account);
  return { name: "RoleRevoked", payload: { role, account, sender: ctx.caller } };
}

export function renounceRole(ctx: ModelContext, role: unknown, callerConfirmation: unknown): ModelEvent | undefined {
  requireRoleName(role);
  requireParty(ctx, "callerConfirmation", callerConfirmation);
  if (callerConfirmation !== ctx.caller) fail("Unauthorized", "a party can only renounce its own roles");
  if (!hasRole(ctx, role, ctx.caller)) return undefined;
  remove(ctx, role, ctx.caller);
  return { name: "RoleRevoked", payload: { role, account: ctx.caller, sender: ctx.caller } };
}

export function queryHasRole(ctx: ModelContext, role: unknown, account: unknown): boolean {
  requireRoleName(role);
  requireParty(ctx, "account", account);
  return hasRole(ctx, role, account);
}
