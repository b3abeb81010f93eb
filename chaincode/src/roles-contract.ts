import { Context, Contract, Info, Returns, Transaction } from "fabric-contract-api";
import { isRole, ROLE_ADMIN, type Role } from "../../core/spec/roles.js";
import { callerParty, emit, exists, readJson, toJsonResult, writeIndex, writeJson } from "./state/ledger-context.js";
import { initialisedKey, roleCountKey, roleKey } from "./state/keys.js";
import { organizationalUnits, requireParty } from "./state/parties.js";
import { reject } from "./state/reject.js";

/**
 * Consortium roles (ADMIN, ACCREDITOR, FINANCIER) in world state, with the semantics of
 * OpenZeppelin AccessControl: ADMIN administers every role, granting a held role or
 * revoking an absent one changes nothing and emits nothing. The ADMINs are counted, and
 * revoking or renouncing the last one is InvalidState: the consortium keeps an ADMIN.
 */
@Info({ title: "RolesContract", description: "Consortium roles shared by every Twinledger primitive" })
export class RolesContract extends Contract {
  constructor() {
    super("roles");
  }

  /**
   * One-time initialisation: the caller becomes the first ADMIN. Only an MSP admin
   * identity (OU=admin) may call it, so an ordinary member cannot seize the chaincode
   * between commit and initialisation.
   */
  @Transaction()
  public async initLedger(ctx: Context): Promise<void> {
    const caller = callerParty(ctx);
    if (!organizationalUnits(ctx.clientIdentity.getID()).includes("admin")) {
      reject("Unauthorized", `${caller} is not an MSP admin identity (OU=admin)`);
    }
    if (await exists(ctx, initialisedKey(ctx))) reject("AlreadyExists", "the ledger is already initialised");
    await writeIndex(ctx, initialisedKey(ctx));
    await writeIndex(ctx, roleKey(ctx, "ADMIN", caller));
    await writeJson(ctx, roleCountKey(ctx, "ADMIN"), 1);
    emit(ctx, "RoleGranted", { role: "ADMIN", account: caller, sender: caller });
  }

  @Transaction()
  public async grantRole(ctx: Context, role: string, account: string): Promise<void> {
    requireRoleName(role);
    const caller = await this.checkRoleChange(ctx, role, account);
    if (await hasRole(ctx, role, account)) return;
    await writeIndex(ctx, roleKey(ctx, role, account));
    if (role === "ADMIN") await writeJson(ctx, roleCountKey(ctx, role), (await adminCount(ctx)) + 1);
    emit(ctx, "RoleGranted", { role, account, sender: caller });
  }

  @Transaction()
  public async revokeRole(ctx: Context, role: string, account: string): Promise<void> {
    requireRoleName(role);
    const caller = await this.checkRoleChange(ctx, role, account);
    if (!(await hasRole(ctx, role, account))) return;
    await removeRole(ctx, role, account);
    emit(ctx, "RoleRevoked", { role, account, sender: caller });
  }

  /** A party gives up one of its own roles; `callerConfirmation` guards against mistakes. */
  @Transaction()
  public async renounceRole(ctx: Context, role: string, callerConfirmation: string): Promise<void> {
    requireRoleName(role);
    requireParty("callerConfirmation", callerConfirmation);
    const caller = callerParty(ctx);
    if (callerConfirmation !== caller) reject("Unauthorized", `${caller} can only renounce its own roles`);
    if (!(await hasRole(ctx, role, caller))) return;
    await removeRole(ctx, role, caller);
    emit(ctx, "RoleRevoked", { role, account: caller, sender: caller });
  }

  @Transaction(false)
  @Returns("string")
  public async hasRole(ctx: Context, role: string, account: string): Promise<string> {
    requireRoleName(role);
    requireParty("account", account);
    return toJsonResult(await hasRole(ctx, role, account));
  }

  /** Checks shared by grant and revoke; returns the caller, who must administer the role. */
  private async checkRoleChange(ctx: Context, role: Role, account: string): Promise<string> {
    requireParty("account", account);
    const caller = callerParty(ctx);
    await requireRole(ctx, ROLE_ADMIN[role], caller);
    return caller;
  }
}

function requireRoleName(role: string): asserts role is Role {
  if (!isRole(role)) reject("InvalidArgument", `role '${role}' is not one of ADMIN, ACCREDITOR, FINANCIER`);
}

async function adminCount(ctx: Context): Promise<number> {
  return (await readJson<number>(ctx, roleCountKey(ctx, "ADMIN"))) ?? 0;
}

/** Deletes a held role; the last ADMIN is refused before anything is written. */
async function removeRole(ctx: Context, role: Role, account: string): Promise<void> {
  if (role === "ADMIN") {
    const admins = await adminCount(ctx);
    if (admins <= 1) reject("InvalidState", `${account} is the last ADMIN; grant ADMIN to another party first`);
    await writeJson(ctx, roleCountKey(ctx, role), admins - 1);
  }
  await ctx.stub.deleteState(roleKey(ctx, role, account));
}

export async function hasRole(ctx: Context, role: Role, account: string): Promise<boolean> {
  return exists(ctx, roleKey(ctx, role, account));
}

export async function requireRole(ctx: Context, role: Role, account: string): Promise<void> {
  if (!(await hasRole(ctx, role, account))) reject("Unauthorized", `${account} lacks role ${role}`);
}
