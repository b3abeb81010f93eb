/**
 * The bench report renderer (scripts/bench/report/): markdown tables and their number formats,
 * the report's sections, the SVG charts (well-formed, escaped, log axes, one mark per datum) and
 * the files writeReport leaves on disk.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderConsoleTable, renderMarkdown, renderTable, type ReportMeta } from "../../scripts/bench/report/markdown.js";
import type { BenchChart, BenchPart, BenchTable } from "../../scripts/bench/report/part.js";
import { formatCompact, linearTicks, renderChart } from "../../scripts/bench/report/svg.js";
import { writeReport } from "../../scripts/bench/report/write.js";

const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/;
const ENTITY_HERE = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/;
const TOKEN = /<\?xml[^?]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>|<|&/g;

/** A small well-formedness check: tags nest and balance, one root, attributes quoted, no bare `<` or `&`. */
function xmlProblem(xml: string): string | undefined {
  const open: string[] = [];
  let roots = 0;
  for (const match of xml.matchAll(TOKEN)) {
    const [whole, closing, name, attributes, selfClosing] = match;
    if (whole.startsWith("<?xml")) {
      if (match.index !== 0) return "XML declaration not at the start";
      continue;
    }
    if (whole.startsWith("<!--")) continue;
    if (whole === "&") {
      if (!ENTITY_HERE.test(xml.slice(match.index, match.index + 12))) return `bare & at ${match.index}`;
      continue;
    }
    if (!name) return `stray ${JSON.stringify(whole)} at ${match.index}`;
    if (ENTITY.test(attributes)) return `bare & in the attributes of <${name}>`;
    if (closing) {
      if (open.pop() !== name) return `</${name}> closes nothing open`;
      continue;
    }
    if (open.length === 0) roots += 1;
    if (!selfClosing) open.push(name);
  }
  if (open.length > 0) return `unclosed <${open[open.length - 1]}>`;
  return roots === 1 ? undefined : `${roots} root elements`;
}

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** The text of every <text> inside the group with this class. */
function groupTexts(svg: string, group: string): string[] {
  const body = new RegExp(`<g class="${group}">([\\s\\S]*?)</g>`).exec(svg)?.[1] ?? "";
  return [...body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
}

const gasTable: BenchTable = {
  id: "evm-gas",
  title: "Gas per operation",
  columns: ["operation", "gas", "vs OpenZeppelin"],
  numeric: [false, true, true],
  rows: [
    ["registerAsset", 52311, 0.76084],
    ["transferAsset", 1234.56, 12.5],
    ["certify", null, null],
  ],
  note: "Hardhat EDR, prague, solc 0.8.30 with the optimizer on.",
};

const gasChart: BenchChart = {
  id: "evm-gas-bars",
  title: "Gas per operation",
  kind: "bars",
  xLabel: "operation",
  yLabel: "gas",
  series: [
    { name: "Twinledger", points: [{ x: "registerAsset", y: 52311 }, { x: "transferAsset", y: 31000 }, { x: "certify", y: 74000 }] },
    { name: "OpenZeppelin", points: [{ x: "registerAsset", y: 68759 }, { x: "transferAsset", y: 35000 }] },
  ],
};

const growthChart: BenchChart = {
  id: "evm-growth",
  title: "Gas as the ledger grows",
  kind: "lines",
  xLabel: "records",
  yLabel: "gas",
  logX: true,
  series: [
    { name: "registerAsset", points: [{ x: 10, y: 52000 }, { x: 100, y: 52100 }, { x: 1000, y: 52300 }] },
    { name: "transferAsset", points: [{ x: 10, y: 31000 }, { x: 1000, y: 31200 }] },
    { name: "certify", points: [{ x: 10, y: 74000 }, { x: 100, y: 74050 }] },
  ],
};

const gasPart: BenchPart = {
  part: "evm-gas",
  title: "EVM gas",
  seconds: 42,
  tables: [gasTable],
  charts: [gasChart, growthChart],
  goals: [
    { goal: "registerAsset ≤ OpenZeppelin ERC721 mint", measured: "52,311 gas vs 68,759", met: true, gas: true },
    { goal: "certify ≤ 60,000 gas", measured: "74,000 gas", met: false, why: "the certificate's issuer check reads two cold slots", gas: true },
  ],
  notes: ["solc 0.8.30, optimizer 200 runs", "hardfork prague"],
};

const meta: ReportMeta = {
  startedAt: "2025-06-01T10:00:00.000Z",
  seconds: 125,
  machine: "2 cores, Node v22.13.0, linux",
  commit: "0123abc",
  skipped: [],
};

describe("bench report: markdown", () => {
  it("right-aligns numeric columns (---:) and left-aligns text columns (---)", () => {
    const separator = renderTable(gasTable).split("\n")[1];
    expect(separator).to.equal("| --- | ---: | ---: |");
  });

  it("formats integers with thousands separators, ratios to three decimals and larger fractions to one", () => {
    const lines = renderTable(gasTable).split("\n");
    expect(lines[2]).to.equal("| registerAsset | 52,311 | 0.761 |");
    expect(lines[3]).to.equal("| transferAsset | 1,234.6 | 12.5 |");
  });

  it("shows a missing value (null) as an em dash", () => {
    expect(renderTable(gasTable).split("\n")[4]).to.equal("| certify | — | — |");
  });

  it("escapes a pipe inside a cell so that it does not split the cell", () => {
    const table: BenchTable = { id: "t", title: "t", columns: ["a", "b"], rows: [["x|y", 1]] };
    expect(renderTable(table).split("\n")[2]).to.equal("| x\\|y | 1 |");
  });

  it("lists every goal in the Goals section, a missed goal with ❌ and its why", () => {
    const goals = renderMarkdown([gasPart], meta).split("## Goals")[1].split("## ")[0];
    expect(goals).to.contain("| registerAsset ≤ OpenZeppelin ERC721 mint | 52,311 gas vs 68,759 | ✅ |  |");
    expect(goals).to.contain("| certify ≤ 60,000 gas | 74,000 gas | ❌ | the certificate's issuer check reads two cold slots |");
  });

  it("opens with the title and a line naming date, commit, machine and wall time", () => {
    const [title, , line] = renderMarkdown([gasPart], meta).split("\n");
    expect(title).to.equal("# Twinledger performance report");
    expect(line).to.equal("Run 2025-06-01T10:00:00.000Z · commit `0123abc` · 2 cores, Node v22.13.0, linux · wall time 2 min 5 s");
  });

  it("gives each part a section with its notes as bullets and each table a ### heading with its note in italics", () => {
    const section = renderMarkdown([gasPart], meta).split("## EVM gas\n")[1];
    expect(section).to.contain("- solc 0.8.30, optimizer 200 runs\n- hardfork prague");
    expect(section).to.contain(`### Gas per operation\n\n${renderTable(gasTable)}\n\n*Hardhat EDR, prague, solc 0.8.30 with the optimizer on.*`);
  });

  it("embeds each chart by its id", () => {
    const markdown = renderMarkdown([gasPart], meta);
    expect(markdown).to.contain("![Gas per operation](evm-gas-bars.svg)");
    expect(markdown).to.contain("![Gas as the ledger grows](evm-growth.svg)");
  });

  it("adds a Skipped section only when a part was skipped", () => {
    expect(renderMarkdown([gasPart], meta)).not.to.contain("## Skipped");
    const skipped = renderMarkdown([gasPart], { ...meta, skipped: ["fabric: Docker is not running."] });
    expect(skipped).to.contain("## Skipped\n\n- fabric: Docker is not running.\n");
  });

  it("prints a console table under its title with padded columns, numbers right-aligned", () => {
    expect(renderConsoleTable(gasTable).split("\n")).to.deep.equal([
      "Gas per operation",
      "operation          gas  vs OpenZeppelin",
      "-------------  -------  ---------------",
      "registerAsset   52,311            0.761",
      "transferAsset  1,234.6             12.5",
      "certify              —                —",
    ]);
  });
});

describe("bench report: SVG charts", () => {
  it("the well-formedness check itself rejects unbalanced tags, bare & and stray <", () => {
    expect(xmlProblem("<svg><g></svg>")).to.be.a("string");
    expect(xmlProblem("<svg><text>a & b</text></svg>")).to.be.a("string");
    expect(xmlProblem("<svg><text>a < b</text></svg>")).to.be.a("string");
    expect(xmlProblem("<svg><text>a &amp; b</text></svg>")).to.equal(undefined);
  });

  it("renders a bars chart and a lines chart as well-formed SVG documents of about 720 × 420", () => {
    for (const chart of [gasChart, growthChart]) {
      const svg = renderChart(chart);
      expect(xmlProblem(svg), chart.id).to.equal(undefined);
      expect(svg).to.match(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="420"/);
    }
  });

  it("escapes <, & and > in the title, series names and axis labels", () => {
    const chart: BenchChart = { ...gasChart, title: "a <b> & c", xLabel: "x<", yLabel: "y&", series: [{ name: "<s&>", points: [{ x: "<&>", y: 1 }] }] };
    const svg = renderChart(chart);
    expect(xmlProblem(svg)).to.equal(undefined);
    expect(svg).to.contain("a &lt;b&gt; &amp; c");
    expect(svg).to.contain("&lt;s&amp;&gt;");
    expect(svg).to.contain(">x&lt;</text>").and.to.contain(">y&amp;</text>");
    expect(svg).not.to.contain("<b>");
  });

  it("leaves out values ≤ 0 on a log axis and ticks it at powers of ten", () => {
    const chart: BenchChart = {
      id: "log", title: "log", kind: "lines", xLabel: "x", yLabel: "y", logY: true,
      series: [{ name: "s", points: [{ x: 1, y: 0 }, { x: 2, y: -5 }, { x: 3, y: 20 }, { x: 4, y: 3000 }] }],
    };
    const svg = renderChart(chart);
    expect(count(svg, /<circle class="point"/g)).to.equal(2);
    expect(groupTexts(svg, "y-axis")).to.deep.equal(["10", "100", "1k", "10k"]);
  });

  it("draws one bar per (category, series) data point", () => {
    expect(count(renderChart(gasChart), /<rect class="bar"/g)).to.equal(5);
  });

  it("labels bar categories in the order they first appear across series", () => {
    const chart: BenchChart = { ...gasChart, series: [{ name: "a", points: [{ x: "b", y: 1 }] }, { name: "c", points: [{ x: "a", y: 2 }, { x: "b", y: 3 }] }] };
    expect(groupTexts(renderChart(chart), "x-axis")).to.deep.equal(["b", "a"]);
  });

  it("draws one polyline per series in a lines chart", () => {
    expect(count(renderChart(growthChart), /<polyline /g)).to.equal(3);
  });

  it("gives each series its own colour", () => {
    const strokes = [...renderChart(growthChart).matchAll(/<polyline [^>]*stroke="(#[0-9A-Fa-f]{6})"/g)].map((match) => match[1]);
    expect(new Set(strokes).size).to.equal(3);
  });

  it("steps linear ticks by 1, 2 or 5 × 10^k and labels them compactly", () => {
    expect(linearTicks(0, 87)).to.deep.equal([0, 20, 40, 60, 80, 100]);
    expect(linearTicks(0, 1.3)).to.deep.equal([0, 0.5, 1, 1.5]);
    expect([formatCompact(1000), formatCompact(1_500_000), formatCompact(250), formatCompact(999_999)]).to.deep.equal(["1k", "1.5M", "250", "1M"]);
  });

  it("renders the same chart to the same bytes", () => {
    expect(renderChart(structuredClone(growthChart))).to.equal(renderChart(growthChart));
  });
});

describe("bench report: writeReport", () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), "twinledger-bench-")), "nested", "bench");
  });
  afterEach(() => {
    rmSync(join(dir, "..", ".."), { recursive: true, force: true });
  });

  it("creates the directory and writes report.md, report.json ({ meta, parts }) and one SVG per chart", () => {
    const written = writeReport(dir, [gasPart], meta);
    expect(written).to.deep.equal({
      markdown: join(dir, "report.md"),
      json: join(dir, "report.json"),
      charts: [join(dir, "evm-gas-bars.svg"), join(dir, "evm-growth.svg")],
    });
    expect(readFileSync(written.markdown, "utf8")).to.equal(renderMarkdown([gasPart], meta));
    const json = readFileSync(written.json, "utf8");
    expect(json.endsWith("}\n")).to.equal(true);
    expect(JSON.parse(json)).to.deep.equal({ meta, parts: [gasPart] });
    expect(readFileSync(written.charts[1], "utf8")).to.equal(renderChart(growthChart));
  });

  it("refuses two charts with one id rather than overwriting a file", () => {
    const twice: BenchPart = { ...gasPart, charts: [gasChart, { ...gasChart }] };
    expect(() => writeReport(dir, [twice], meta)).to.throw(/evm-gas-bars/);
    expect(existsSync(dir)).to.equal(false);
  });
});
