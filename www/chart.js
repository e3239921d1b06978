// Draws readings as a line chart into an <svg viewBox="0 0 640 240">. The
// y-axis spans the data's range, widened to round ticks (a meter reading of
// 15,120 kWh that grows by 20 kWh a day would draw flat on an axis from 0);
// the svg's data-y-min and data-y-max say which range it drew.
const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 240;
const PAD = { left: 72, right: 12, top: 22, bottom: 28 };
const TICKS = 4;

/** @typedef {import('/pkg/partner.js').components['schemas']['DeviceReading']} DeviceReading */

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {string} [text]
 */
function node(tag, attrs, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

/**
 * The smallest of 1, 2, 2.5, 5 × 10ⁿ that cuts `span` into at most `count` steps.
 * @param {number} span
 * @param {number} count
 * @returns {number}
 */
function tickStep(span, count) {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // raw / magnitude is in [1, 10): one of them is at least raw.
  return /** @type {number} */ ([1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw));
}

/**
 * The y-axis for values `ys`: [min, max] on multiples of the tick step, and the step.
 * @param {number[]} ys
 */
function yAxis(ys) {
  const [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  const step = tickStep(hi - lo || Math.abs(hi) / 10 || 1, TICKS);
  // toPrecision: 0.1 * 3 is 0.30000000000000004, not a tick to print.
  /** @param {number} v */
  const round = (v) => Number(v.toPrecision(12));
  const y0 = round(Math.floor(lo / step) * step);
  let y1 = round(Math.ceil(hi / step) * step);
  if (y1 === y0) y1 = round(y0 + step);
  return { y0, y1, step };
}

/**
 * @param {SVGSVGElement} svg
 * @param {DeviceReading[]} readings
 */
export function drawChart(svg, readings) {
  svg.replaceChildren();
  if (!readings.length) {
    svg.append(node('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no readings in this range'));
    svg.dataset.points = '0';
    delete svg.dataset.yMin;
    delete svg.dataset.yMax;
    return;
  }
  const xs = readings.map((r) => Date.parse(r.timeStamp));
  const ys = readings.map((r) => r.value);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const { y0, y1, step } = yAxis(ys);
  /** @param {number} x */
  const sx = (x) => PAD.left + ((x - x0) / Math.max(1, x1 - x0)) * (W - PAD.left - PAD.right);
  /** @param {number} y */
  const sy = (y) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const points = readings.map((r, i) => `${sx(xs[i]).toFixed(1)},${sy(ys[i]).toFixed(1)}`);
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  /** @param {number} v */
  const label = (v) => v.toLocaleString(undefined, { maximumFractionDigits: digits });

  const ticks = [];
  for (let i = 0; y0 + i * step <= y1 + step / 1e6; i++) {
    const v = Number((y0 + i * step).toPrecision(12));
    ticks.push(
      node('line', { class: 'grid', x1: PAD.left, y1: sy(v), x2: W - PAD.right, y2: sy(v) }),
      node('text', { x: PAD.left - 6, y: sy(v) + 4, 'text-anchor': 'end' }, label(v)),
    );
  }
  svg.append(
    ...ticks,
    node('line', { class: 'axis', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
    node('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }),
    node('polygon', { class: 'area', points: `${sx(x0)},${sy(y0)} ${points.join(' ')} ${sx(x1)},${sy(y0)}` }),
    node('polyline', { class: 'line', points: points.join(' ') }),
    node('text', { x: PAD.left - 6, y: PAD.top - 10, 'text-anchor': 'end', class: 'unit' }, readings[0].unit),
    node('text', { x: PAD.left, y: H - 8 }, new Date(x0).toLocaleString()),
    node('text', { x: W - PAD.right, y: H - 8, 'text-anchor': 'end' }, new Date(x1).toLocaleString()),
  );
  svg.dataset.points = String(readings.length);
  svg.dataset.yMin = String(y0);
  svg.dataset.yMax = String(y1);
}
