/**
 * Draws a bench chart as a standalone SVG document, with no dependency and no external font, so
 * that bench/<id>.svg renders the same on GitHub, in a browser and in an editor. Two kinds:
 * grouped bars (categories on x, one bar per series) and lines (numeric x, one polyline per
 * series), each on a linear or base-10 log axis. Output is a pure function of the chart: same
 * chart, same bytes, so a re-run that changes nothing changes no file.
 */
import type { BenchChart, ChartSeries } from "./part.js";

const WIDTH = 720;
const HEIGHT = 420;
const FONT = "Helvetica, Arial, sans-serif";
const FONT_SIZE = 12;
/** Okabe–Ito: told apart under the common colour-vision deficiencies; yellow last, it is faint on white. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];
const INK = "#222222";
const AXIS = "#444444";
const GRID = "#e6e6e6";

const PLOT_LEFT = 76;
const PLOT_RIGHT = WIDTH - 24;
const LEGEND_TOP = 46;
const LEGEND_ROW = 18;

interface Scale {
  toPixel(value: number): number;
  ticks: number[];
  label(value: number): string;
  /** Where bars start: zero on a linear axis, the bottom of a log axis. */
  baseline: number;
}

interface Point {
  x: number;
  y: number;
}

// ── text and attributes ────────────────────────────────────────────────────────────────────────

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Two decimals are below a pixel's worth and keep the output short and stable. */
function px(value: number): string {
  return String(Number(value.toFixed(2)));
}

type Attributes = Record<string, string | number>;

function element(name: string, attributes: Attributes, content?: string): string {
  const written = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${typeof value === "number" ? px(value) : escapeXml(value)}"`)
    .join("");
  return content === undefined ? `<${name}${written}/>` : `<${name}${written}>${content}</${name}>`;
}

function text(x: number, y: number, label: string, attributes: Attributes = {}): string {
  return element("text", { x, y, ...attributes }, escapeXml(label));
}

/** No font metrics without a font: an average glyph is about 0.6 em wide in these faces. */
function textWidth(label: string, size = FONT_SIZE): number {
  return [...label].length * size * 0.6;
}

// ── numbers on axes ────────────────────────────────────────────────────────────────────────────

const UNITS: [number, string][] = [[1, ""], [1e3, "k"], [1e6, "M"], [1e9, "B"], [1e12, "T"]];

function trimZeros(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** Enough decimals to tell ticks `step` apart, else three significant digits. */
function decimalsFor(scaled: number, step?: number): number {
  const magnitude = step !== undefined && step > 0 ? step : Math.abs(scaled);
  if (magnitude === 0) return 0;
  const decimals = step !== undefined ? Math.ceil(-Math.log10(magnitude) - 1e-9) : 2 - Math.floor(Math.log10(magnitude));
  return Math.min(6, Math.max(0, decimals));
}

/** 1,000 → "1k", 1,500,000 → "1.5M", 0.25 → "0.25"; `step` is the spacing of the ticks labelled. */
export function formatCompact(value: number, step?: number): string {
  let label = "";
  for (const [unit, suffix] of UNITS) {
    const scaled = value / unit;
    const fixed = scaled.toFixed(decimalsFor(scaled, step === undefined ? undefined : step / unit));
    label = `${trimZeros(fixed)}${suffix}`;
    // Climb units until the number has at most three digits before the point: 999,999 → "1M", not "1000k".
    if (Math.abs(Number(fixed)) < 1000) break;
  }
  return label;
}

/** Tooltips carry the exact value, as the tables print it. */
function fullNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/** Removes binary noise from multiples of a decimal step (0.1 × 3 = 0.30000000000000004). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** The smallest of 1, 2, 5 × 10^k at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiple = [1, 2, 5, 10].find((m) => m * power >= rough * (1 - 1e-9)) ?? 10;
  return clean(multiple * power);
}

/** A flat series still needs an axis with some height around its value. */
function widen(min: number, max: number): [number, number] {
  if (min < max) return [min, max];
  if (min === 0) return [0, 1];
  const half = Math.abs(min) / 2;
  return [min - half, max + half];
}

export function linearTicks(min: number, max: number, target = 5): number[] {
  const [low, high] = widen(min, max);
  const step = niceStep((high - low) / target);
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(clean(i * step));
  return ticks;
}

function linearScale(values: number[], range: [number, number], includeZero: boolean): Scale {
  const extent = values.length > 0 ? [Math.min(...values), Math.max(...values)] : [0, 1];
  if (includeZero) extent.push(0);
  const ticks = linearTicks(Math.min(...extent), Math.max(...extent));
  const low = ticks[0];
  const high = ticks[ticks.length - 1];
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  return {
    ticks,
    toPixel: (value) => range[0] + ((value - low) / (high - low)) * (range[1] - range[0]),
    label: (value) => formatCompact(value, step),
    baseline: Math.min(Math.max(0, low), high),
  };
}

/** Whole decades around the positive values; every decade ticked, or every n-th past ten of them. */
export function logTicks(values: number[]): number[] {
  const positive = values.filter((value) => value > 0);
  if (positive.length === 0) return [1, 10];
  const low = Math.floor(Math.log10(Math.min(...positive)) + 1e-9);
  let high = Math.ceil(Math.log10(Math.max(...positive)) - 1e-9);
  if (high === low) high = low + 1;
  const stride = Math.ceil((high - low) / 10);
  high = low + Math.ceil((high - low) / stride) * stride;
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent += stride) ticks.push(clean(10 ** exponent));
  return ticks;
}

function logScale(values: number[], range: [number, number]): Scale {
  const ticks = logTicks(values);
  const low = Math.log10(ticks[0]);
  const high = Math.log10(ticks[ticks.length - 1]);
  return {
    ticks,
    toPixel: (value) => range[0] + ((Math.log10(value) - low) / (high - low)) * (range[1] - range[0]),
    label: (value) => formatCompact(value),
    baseline: ticks[0],
  };
}

/** A log axis has no place for zero or below; such values are left out rather than clamped. */
function plottable(value: number, log: boolean | undefined): boolean {
  return Number.isFinite(value) && (!log || value > 0);
}

// ── layout pieces ──────────────────────────────────────────────────────────────────────────────

function colour(index: number): string {
  return PALETTE[index % PALETTE.length];
}

interface LegendItem {
  x: number;
  y: number;
  name: string;
  index: number;
}

/** Legend entries left to right, wrapping to a new row when the plot's width is used up. */
function legendItems(series: ChartSeries[]): LegendItem[] {
  const items: LegendItem[] = [];
  let x = PLOT_LEFT;
  let row = 0;
  series.forEach((entry, index) => {
    const size = 22 + textWidth(entry.name) + 18;
    if (x > PLOT_LEFT && x + size > PLOT_RIGHT) {
      x = PLOT_LEFT;
      row += 1;
    }
    items.push({ x, y: LEGEND_TOP + row * LEGEND_ROW, name: entry.name, index });
    x += size;
  });
  return items;
}

function legendRows(items: LegendItem[]): number {
  return items.length === 0 ? 0 : (items[items.length - 1].y - LEGEND_TOP) / LEGEND_ROW + 1;
}

function legend(items: LegendItem[], kind: BenchChart["kind"]): string {
  const entries = items.map((item) => {
    const fill = colour(item.index);
    const swatch =
      kind === "bars"
        ? element("rect", { class: "legend-swatch", x: item.x, y: item.y - 10, width: 14, height: 12, fill })
        : element("line", { class: "legend-swatch", x1: item.x, y1: item.y - 4, x2: item.x + 16, y2: item.y - 4, stroke: fill, "stroke-width": 2 }) +
          element("circle", { class: "legend-marker", cx: item.x + 8, cy: item.y - 4, r: 3, fill });
    return swatch + text(item.x + 22, item.y, item.name, { fill: INK });
  });
  return element("g", { class: "legend" }, entries.join(""));
}

interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function yAxis(scale: Scale, frame: Frame): string {
  const marks = scale.ticks.map((tick) => {
    const y = scale.toPixel(tick);
    return (
      element("line", { x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: GRID }) +
      text(frame.left - 8, y + 4, scale.label(tick), { "text-anchor": "end", fill: INK })
    );
  });
  return element("g", { class: "y-axis" }, marks.join(""));
}

function xAxisTicks(scale: Scale, frame: Frame): string {
  const marks = scale.ticks.map((tick) => {
    const x = scale.toPixel(tick);
    return (
      element("line", { x1: x, y1: frame.top, x2: x, y2: frame.bottom, stroke: GRID }) +
      text(x, frame.bottom + 18, scale.label(tick), { "text-anchor": "middle", fill: INK })
    );
  });
  return element("g", { class: "x-axis" }, marks.join(""));
}

function axisLines(frame: Frame): string {
  const stroke = { stroke: AXIS, "stroke-width": 1 };
  return element("line", { x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, ...stroke }) +
    element("line", { x1: frame.left, y1: frame.top, x2: frame.left, y2: frame.bottom, ...stroke });
}

function axisLabels(chart: BenchChart, frame: Frame): string {
  const middleY = (frame.top + frame.bottom) / 2;
  return (
    text((frame.left + frame.right) / 2, HEIGHT - 12, chart.xLabel, { class: "x-label", "text-anchor": "middle", fill: INK }) +
    text(18, middleY, chart.yLabel, { class: "y-label", "text-anchor": "middle", fill: INK, transform: `rotate(-90 18 ${px(middleY)})` })
  );
}

function noData(frame: Frame): string {
  return text((frame.left + frame.right) / 2, (frame.top + frame.bottom) / 2, "no data", { "text-anchor": "middle", fill: AXIS });
}

// ── the two kinds ──────────────────────────────────────────────────────────────────────────────

/** Distinct x values as strings, in the order they first appear across all series. */
export function categories(series: ChartSeries[]): string[] {
  const seen = new Set<string>();
  for (const entry of series) for (const point of entry.points) seen.add(String(point.x));
  return [...seen];
}

/** Per series, category → value; a category repeated within one series keeps its first value. */
function valuesByCategory(entry: ChartSeries): Map<string, number> {
  const values = new Map<string, number>();
  for (const point of entry.points) if (!values.has(String(point.x))) values.set(String(point.x), point.y);
  return values;
}

/** Labels that would overlap their neighbours are slanted instead. */
function slanted(labels: string[], band: number): boolean {
  return labels.some((label) => textWidth(label) > band - 6);
}

const SLANT_DEGREES = 35;
const SLANT_CHARACTERS = 18;

/** A slanted label long enough to run off the chart is cut, with an ellipsis to say so. */
function shortened(label: string): string {
  const characters = [...label];
  return characters.length <= SLANT_CHARACTERS ? label : `${characters.slice(0, SLANT_CHARACTERS - 1).join("")}…`;
}

/** Room under the plot for the category labels and the x-axis label beneath them. */
function bottomMargin(labels: string[], slant: boolean): number {
  if (!slant) return 56;
  const longest = Math.max(...labels.map((label) => textWidth(label)));
  return 18 + longest * Math.sin((SLANT_DEGREES * Math.PI) / 180) + 30;
}

function barsBody(chart: BenchChart, top: number): string {
  const labels = categories(chart.series);
  const band = (PLOT_RIGHT - PLOT_LEFT) / Math.max(1, labels.length);
  const slant = slanted(labels, band);
  const shown = slant ? labels.map(shortened) : labels;
  const frame: Frame = { left: PLOT_LEFT, right: PLOT_RIGHT, top, bottom: HEIGHT - bottomMargin(shown, slant) };
  const tables = chart.series.map(valuesByCategory);
  const values = tables.flatMap((table) => [...table.values()]).filter((value) => plottable(value, chart.logY));
  const scale = chart.logY ? logScale(values, [frame.bottom, frame.top]) : linearScale(values, [frame.bottom, frame.top], true);

  const slot = (band * 0.8) / Math.max(1, chart.series.length);
  const bars: string[] = [];
  labels.forEach((category, c) => {
    tables.forEach((table, s) => {
      const value = table.get(category);
      if (value === undefined || !plottable(value, chart.logY)) return;
      const y = scale.toPixel(value);
      const base = scale.toPixel(scale.baseline);
      const tooltip = element("title", {}, escapeXml(`${chart.series[s].name} · ${category}: ${fullNumber(value)}`));
      const attributes = { class: "bar", x: frame.left + band * c + band * 0.1 + slot * s + slot * 0.05, y: Math.min(y, base), width: slot * 0.9, height: Math.abs(base - y), fill: colour(s) };
      bars.push(element("rect", attributes, tooltip));
    });
  });

  const categoryLabels = shown.map((label, c) => {
    const x = frame.left + band * (c + 0.5);
    const y = frame.bottom + 18;
    return slant
      ? text(x, y, label, { "text-anchor": "end", fill: INK, transform: `rotate(-${SLANT_DEGREES} ${px(x)} ${px(y)})` })
      : text(x, y, label, { "text-anchor": "middle", fill: INK });
  });

  return (
    yAxis(scale, frame) +
    element("g", { class: "data" }, bars.length > 0 ? bars.join("") : noData(frame)) +
    element("g", { class: "x-axis" }, categoryLabels.join("")) +
    axisLines(frame) +
    axisLabels(chart, frame)
  );
}

/** The points of a series that can be drawn, left to right; string x values are read as numbers. */
function plottablePoints(entry: ChartSeries, chart: BenchChart): Point[] {
  return entry.points
    .map((point) => ({ x: Number(point.x), y: point.y }))
    .filter((point) => plottable(point.x, chart.logX) && plottable(point.y, chart.logY))
    .sort((a, b) => a.x - b.x);
}

function linesBody(chart: BenchChart, top: number): string {
  const frame: Frame = { left: PLOT_LEFT, right: PLOT_RIGHT, top, bottom: HEIGHT - 56 };
  const points = chart.series.map((entry) => plottablePoints(entry, chart));
  const xs = points.flat().map((point) => point.x);
  const ys = points.flat().map((point) => point.y);
  const xScale = chart.logX ? logScale(xs, [frame.left, frame.right]) : linearScale(xs, [frame.left, frame.right], false);
  const yScale = chart.logY ? logScale(ys, [frame.bottom, frame.top]) : linearScale(ys, [frame.bottom, frame.top], false);

  const lines = points.map((series, s) => {
    if (series.length === 0) return "";
    const fill = colour(s);
    const coordinates = series.map((point) => `${px(xScale.toPixel(point.x))},${px(yScale.toPixel(point.y))}`);
    const line = element("polyline", { class: "series", points: coordinates.join(" "), fill: "none", stroke: fill, "stroke-width": 2, "stroke-linejoin": "round" });
    const markers = series.map((point) => {
      const tooltip = element("title", {}, escapeXml(`${chart.series[s].name}: ${fullNumber(point.x)}, ${fullNumber(point.y)}`));
      return element("circle", { class: "point", cx: xScale.toPixel(point.x), cy: yScale.toPixel(point.y), r: 3, fill }, tooltip);
    });
    return line + markers.join("");
  });

  return (
    yAxis(yScale, frame) +
    xAxisTicks(xScale, frame) +
    element("g", { class: "data" }, xs.length > 0 ? lines.join("") : noData(frame)) +
    axisLines(frame) +
    axisLabels(chart, frame)
  );
}

export function renderChart(chart: BenchChart): string {
  const items = legendItems(chart.series);
  const rows = legendRows(items);
  const top = rows === 0 ? LEGEND_TOP : LEGEND_TOP + rows * LEGEND_ROW + 4;
  const body = chart.kind === "bars" ? barsBody(chart, top) : linesBody(chart, top);
  const root = {
    xmlns: "http://www.w3.org/2000/svg",
    width: WIDTH,
    height: HEIGHT,
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "font-family": FONT,
    "font-size": FONT_SIZE,
  };
  const content = [
    element("title", {}, escapeXml(chart.title)),
    element("rect", { class: "background", x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: "#ffffff" }),
    text(WIDTH / 2, 26, chart.title, { class: "title", "text-anchor": "middle", "font-size": 16, "font-weight": "bold", fill: INK }),
    legend(items, chart.kind),
    body,
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element("svg", root, `\n${content.join("\n")}\n`)}\n`;
}
