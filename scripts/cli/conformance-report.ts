/**
 * The per-case reports of `twinledger conformance --reporter json|junit`: what CI systems
 * read (JUnit XML: one <testsuite> per primitive, a not-applicable case as <skipped> with
 * its reason). The default pass/fail matrix stays in conformance.ts.
 */
export type CaseState = "passed" | "failed" | "not applicable";

export interface CaseResult {
  primitive: string;
  title: string;
  state: CaseState;
  durationMs: number;
  /** Why it failed (first line), or why it does not apply to this target. */
  detail?: string;
}

export const REPORTERS = ["matrix", "json", "junit"] as const;
export type Reporter = (typeof REPORTERS)[number];

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function junitReport(target: string, cases: CaseResult[], durationMs: number): string {
  const primitives = [...new Set(cases.map((c) => c.primitive))];
  const count = (list: CaseResult[], state: CaseState) => list.filter((c) => c.state === state).length;
  const suites = primitives.map((primitive) => {
    const list = cases.filter((c) => c.primitive === primitive);
    const time = list.reduce((sum, c) => sum + c.durationMs, 0);
    const body = list.map((c) => {
      const open = `    <testcase classname="${escapeXml(`${target}.${primitive}`)}" name="${escapeXml(c.title)}" time="${seconds(c.durationMs)}"`;
      if (c.state === "passed") return `${open}/>`;
      const inner = c.state === "failed" ? `<failure message="${escapeXml(c.detail ?? "")}"/>` : `<skipped message="${escapeXml(`not applicable: ${c.detail ?? ""}`)}"/>`;
      return `${open}>\n      ${inner}\n    </testcase>`;
    });
    return [
      `  <testsuite name="${escapeXml(`conformance [${target}] ${primitive}`)}" tests="${list.length}" failures="${count(list, "failed")}" skipped="${count(list, "not applicable")}" errors="0" time="${seconds(time)}">`,
      ...body,
      "  </testsuite>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`conformance [${target}]`)}" tests="${cases.length}" failures="${count(cases, "failed")}" skipped="${count(cases, "not applicable")}" time="${seconds(durationMs)}">`,
    ...suites,
    "</testsuites>",
  ].join("\n");
}
