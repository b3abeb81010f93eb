/**
 * Inputs the anchors are measured with, chosen to carry the same facts as our registries'
 * operations in scripts/bench/gas.ts: the same 60-byte URI, asset ids of the same shape, and an
 * EAS schema with a certificate's fields (CertificationRegistry.issueCertificate's arguments).
 */
export const ANCHOR_URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy5";

export function anchorIds(count: number): string[] {
  return Array.from({ length: count }, (_unused, n) => `asset-${String(n).padStart(6, "0")}`);
}

const VALID_UNTIL = 4_102_444_800n;
const bytes32 = (n: number, tag: string) => `0x${Buffer.from(`${tag}-${n}`.padEnd(32, "\0")).toString("hex")}`;

/** A certificate as EAS users write one: its ids as strings. */
export const certificateSchema = {
  definition: "string certificateId,string assetId,string standard,bytes32 scopeHash,bytes32 evidenceHash,uint64 validFrom,uint64 validUntil",
  types: ["string", "string", "string", "bytes32", "bytes32", "uint64", "uint64"],
  validUntil: VALID_UNTIL,
  values(n: number): unknown[] {
    const tag = String(n).padStart(6, "0");
    return [`CERT-${tag}`, `asset-${tag}`, `STD-${tag}`, bytes32(n, "scope"), bytes32(n, "evidence"), 0n, VALID_UNTIL];
  },
  /** Bytes of the ABI-encoded data EAS stores. */
  encodedBytes(): number {
    return 32 * 7 + 3 * 64;
  },
};

/**
 * The same facts as tight as EAS can hold them: the ids as 32-byte hashes, one word each. The
 * goal compares issueCertificate with this one, the cheaper of the two.
 */
export const compactCertificateSchema = {
  definition: "bytes32 certificateIdHash,bytes32 assetIdHash,bytes32 standardHash,bytes32 scopeHash,bytes32 evidenceHash,uint64 validFrom",
  types: ["bytes32", "bytes32", "bytes32", "bytes32", "bytes32", "uint64"],
  validUntil: VALID_UNTIL,
  values(n: number): unknown[] {
    return [bytes32(n, "certificate"), bytes32(n, "asset"), bytes32(n, "standard"), bytes32(n, "scope"), bytes32(n, "evidence"), 0n];
  },
  encodedBytes(): number {
    return 32 * 6;
  },
};
