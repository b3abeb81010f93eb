/**
 * `npm run test:determinism`: a long random workload — the reference model's own sequence
 * generator — on the real 2-org network with AND(Org1, Org2) endorsement, Org2's peer (and
 * the chaincode it launches) in another timezone and locale than Org1's. Every submit is
 * endorsed by both peers, so any non-determinism in the chaincode shows as the Gateway's
 * endorsement mismatch; they are counted (and must be zero), and each sequence must still
 * match the model. The counter is shown to see a mismatch: a probe chaincode that writes a
 * random value is refused with one.
 */
import { expect } from "chai";
import fc from "fast-check";
import { connect } from "@hyperledger/fabric-gateway";
import { connectPeer } from "../../clients/fabric-gateway/connection.js";
import { loadUser } from "../../clients/fabric-gateway/identity.js";
import { createFabricNetworkTarget } from "../../network/fabric/conformance-target.js";
import type { FabricNetworkProfile } from "../../network/fabric/index.js";
import { PEER_ORGS } from "../../network/fabric/layout.js";
import { DEFAULT_MODEL_SEED } from "../model/describe-model.js";
import { runSequence } from "../model/run-sequence.js";
import { sequenceArbitrary } from "../model/steps.js";
import { countingActors, isEndorsementMismatch, type EndorsementCounts } from "./determinism/endorsement-mismatch.js";
import { defaultNetwork } from "./default-network.js";
import { deployProbeChaincode, PROBE_CHAINCODE, stopProbeChaincode } from "./determinism/probe.js";

/** Sequences and their length: DETERMINISM_SEQUENCES × up to DETERMINISM_STEPS steps, run in DETERMINISM_LANES at once. */
const SEQUENCES = Number(process.env.DETERMINISM_SEQUENCES ?? 200);
const STEPS = Number(process.env.DETERMINISM_STEPS ?? 40);
const LANES = Number(process.env.DETERMINISM_LANES ?? 6);

let profile: FabricNetworkProfile;

before(async function () {
  this.timeout(600_000);
  profile = await defaultNetwork();
});
after(async function () {
  this.timeout(60_000);
  await stopProbeChaincode();
});

describe("determinism: 2-of-2 endorsement, Org2's peer in another timezone and locale", function () {
  this.timeout(0);

  it("Org2's peer runs in Asia/Kathmandu with a Turkish locale, Org1's does not", () => {
    const [org1, org2] = PEER_ORGS;
    expect(org1.environment.TZ).to.not.equal(org2.environment.TZ);
    expect(org2.environment).to.include({ TZ: "Asia/Kathmandu", LC_ALL: "tr_TR.UTF-8" });
  });

  it("the mismatch counter sees a real one: a chaincode writing a random value is refused by the Gateway", async () => {
    await deployProbeChaincode();
    const organization = profile.organizations[0];
    const client = connectPeer(organization.peer);
    const user = loadUser({ mspId: organization.mspId, ...organization.users.User1 });
    const gateway = connect({ client, identity: user.identity, signer: user.signer });
    try {
      const contract = gateway.getNetwork(profile.channel).getContract(PROBE_CHAINCODE);
      const error = await untilDiscovered(() => contract.submitTransaction("putRandom", "k")).then(() => undefined, (e: unknown) => e);
      expect(error, "the submit must be refused").to.not.equal(undefined);
      expect(isEndorsementMismatch(error), String((error as Error)?.message)).to.equal(true);
    } finally {
      gateway.close();
      client.close();
    }
  });

  it(`${SEQUENCES} random sequences of up to ${STEPS} steps (seed ${DEFAULT_MODEL_SEED}), ${LANES} at a time: zero endorsement mismatches, every sequence matches the model`, async () => {
    const sequences = fc.sample(sequenceArbitrary(STEPS, { certification: false }), { numRuns: SEQUENCES, seed: DEFAULT_MODEL_SEED });
    const counts: EndorsementCounts = { submits: 0, mismatches: 0, examples: [] };
    const failures: string[] = [];
    const started = Date.now();
    let next = 0;
    const lane = async (index: number) => {
      const target = createFabricNetworkTarget(profile, `determinism-${index}`);
      try {
        for (let sequence = next++; sequence < sequences.length; sequence = next++) {
          try {
            const actors = countingActors(await target.deploy(), counts);
            await runSequence(actors, sequences[sequence], { observeEveryStep: false });
          } catch (error) {
            failures.push(`sequence ${sequence}: ${String((error as Error).message).split("\n").slice(0, 12).join(" / ")}`);
          }
        }
      } finally {
        await target.close();
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index)));
    const seconds = (Date.now() - started) / 1000;
    console.log(`    ${sequences.length} sequences, ${counts.submits} submits endorsed by both peers in ${seconds.toFixed(0)} s: ${counts.mismatches} endorsement mismatches`);
    expect(counts.mismatches, counts.examples.join("; ")).to.equal(0);
    expect(failures).to.deep.equal([]);
    expect(counts.submits, "submits in the workload").to.be.greaterThan(SEQUENCES * 5);
  });
});

/** Right after a definition commits, discovery may not yet see both orgs' peers advertise it. */
async function untilDiscovered<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const text = `${(error as Error).message} ${JSON.stringify((error as { details?: unknown }).details ?? "")}`;
      if (!/no combination of peers can be derived|no orderers could successfully process/.test(text) || attempt >= 120) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
