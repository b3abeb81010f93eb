/** Conformance: consortium roles (ADMIN, ACCREDITOR, FINANCIER). */
import { expect } from "chai";
import type { Conformance } from "./harness.js";
import { eventOf, expectRejected, observe } from "./harness.js";

export function rolesSpec({ it, itFresh, actors }: Conformance): void {
  it("the deployer is the first ADMIN and nobody else holds a role", async () => {
    const { admin, alice } = actors();
    expect(await admin.hasRole("ADMIN", admin.party)).to.equal(true);
    expect(await admin.hasRole("ADMIN", alice.party)).to.equal(false);
    expect(await admin.hasRole("ACCREDITOR", admin.party)).to.equal(false);
  });

  it("grantRole by an ADMIN gives the role and emits RoleGranted", async () => {
    const { admin, accreditor } = actors();
    const event = eventOf(await admin.grantRole("ACCREDITOR", accreditor.party));
    expect(event.name).to.equal("RoleGranted");
    expect(event.payload).to.deep.equal({ role: "ACCREDITOR", account: accreditor.party, sender: admin.party });
    expect(await admin.hasRole("ACCREDITOR", accreditor.party)).to.equal(true);
  });

  it("grantRole of a role already held changes nothing and emits no event", async () => {
    const { admin, financier } = actors();
    await admin.grantRole("FINANCIER", financier.party);
    const receipt = await admin.grantRole("FINANCIER", financier.party);
    expect(receipt.event).to.equal(undefined);
    expect(await admin.hasRole("FINANCIER", financier.party)).to.equal(true);
  });

  it("a granted ADMIN can grant roles in turn", async () => {
    const { admin, alice, bob } = actors();
    await admin.grantRole("ADMIN", alice.party);
    await alice.grantRole("FINANCIER", bob.party);
    expect(await admin.hasRole("FINANCIER", bob.party)).to.equal(true);
  });

  it("grantRole is Unauthorized for every caller without ADMIN (member, ACCREDITOR, FINANCIER)", async () => {
    const { admin, alice, accreditor, financier, bob } = actors();
    await admin.grantRole("ACCREDITOR", accreditor.party);
    await admin.grantRole("FINANCIER", financier.party);
    for (const caller of [alice, accreditor, financier]) {
      await expectRejected(caller.grantRole("FINANCIER", bob.party), "Unauthorized");
      await expectRejected(caller.grantRole("ADMIN", caller.party), "Unauthorized");
    }
    expect(await admin.hasRole("FINANCIER", bob.party)).to.equal(false);
  });

  it("revokeRole by an ADMIN removes the role and emits RoleRevoked", async () => {
    const { admin, financier } = actors();
    await admin.grantRole("FINANCIER", financier.party);
    const event = eventOf(await admin.revokeRole("FINANCIER", financier.party));
    expect(event.name).to.equal("RoleRevoked");
    expect(event.payload).to.deep.equal({ role: "FINANCIER", account: financier.party, sender: admin.party });
    expect(await admin.hasRole("FINANCIER", financier.party)).to.equal(false);
  });

  it("revokeRole of a role not held changes nothing and emits no event", async () => {
    const { admin, bob } = actors();
    const receipt = await admin.revokeRole("ACCREDITOR", bob.party);
    expect(receipt.event).to.equal(undefined);
  });

  it("revokeRole is Unauthorized for a caller without ADMIN, even against itself", async () => {
    const { admin, accreditor } = actors();
    await admin.grantRole("ACCREDITOR", accreditor.party);
    await expectRejected(accreditor.revokeRole("ADMIN", admin.party), "Unauthorized");
    await expectRejected(accreditor.revokeRole("ACCREDITOR", accreditor.party), "Unauthorized");
    expect(await admin.hasRole("ADMIN", admin.party)).to.equal(true);
    expect(await admin.hasRole("ACCREDITOR", accreditor.party)).to.equal(true);
  });

  it("renounceRole removes the caller's own role and emits RoleRevoked with the caller as sender", async () => {
    const { admin, accreditor } = actors();
    await admin.grantRole("ACCREDITOR", accreditor.party);
    const event = eventOf(await accreditor.renounceRole("ACCREDITOR", accreditor.party));
    expect(event.payload).to.deep.equal({ role: "ACCREDITOR", account: accreditor.party, sender: accreditor.party });
    expect(await admin.hasRole("ACCREDITOR", accreditor.party)).to.equal(false);
  });

  it("renounceRole on behalf of another party is Unauthorized", async () => {
    const { admin, financier } = actors();
    await admin.grantRole("FINANCIER", financier.party);
    await expectRejected(admin.renounceRole("FINANCIER", financier.party), "Unauthorized");
    expect(await admin.hasRole("FINANCIER", financier.party)).to.equal(true);
  });

  itFresh("revoking or renouncing the last ADMIN is InvalidState, and the ADMIN keeps the role", async () => {
    const { admin } = actors();
    await expectRejected(admin.revokeRole("ADMIN", admin.party), "InvalidState");
    await expectRejected(admin.renounceRole("ADMIN", admin.party), "InvalidState");
    expect(await admin.hasRole("ADMIN", admin.party)).to.equal(true);
  });

  itFresh("with two ADMINs one may leave, and the other is then the last (a repeated grant is not counted twice)", async () => {
    const { admin, alice } = actors();
    await admin.grantRole("ADMIN", alice.party);
    await admin.grantRole("ADMIN", alice.party);
    eventOf(await alice.revokeRole("ADMIN", admin.party));
    expect(await alice.hasRole("ADMIN", admin.party)).to.equal(false);
    await expectRejected(alice.renounceRole("ADMIN", alice.party), "InvalidState");
    await alice.grantRole("ADMIN", admin.party);
    eventOf(await alice.renounceRole("ADMIN", alice.party));
    await expectRejected(admin.revokeRole("ADMIN", admin.party), "InvalidState");
    expect(await admin.hasRole("ADMIN", admin.party)).to.equal(true);
  });

  it("an unknown role name is InvalidArgument", async () => {
    const { admin, alice } = actors();
    await expectRejected(admin.grantRole("OWNER" as never, alice.party), "InvalidArgument");
    await expectRejected(admin.revokeRole("admin" as never, alice.party), "InvalidArgument");
    await expectRejected(admin.hasRole("" as never, alice.party), "InvalidArgument");
  });

  it("grantRole to a malformed party is InvalidArgument", async () => {
    const { admin } = actors();
    await expectRejected(admin.grantRole("FINANCIER", "not-a-party"), "InvalidArgument");
  });

  it("a rejected role change leaves the ledger unchanged", async () => {
    const all = actors();
    await all.admin.grantRole("ACCREDITOR", all.accreditor.party);
    const before = await observe(all, []);
    await expectRejected(all.alice.grantRole("ADMIN", all.alice.party), "Unauthorized");
    await expectRejected(all.accreditor.revokeRole("ADMIN", all.admin.party), "Unauthorized");
    await expectRejected(all.bob.renounceRole("ACCREDITOR", all.accreditor.party), "Unauthorized");
    expect(await observe(all, [])).to.deep.equal(before);
  });
}
