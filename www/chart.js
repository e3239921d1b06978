// Draws readings as a line chart into an <svg viewBox="0 0 640 240">.
const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 240;
const PAD = { left: 84, right: 12, top: 12, bottom: 28 };

function node(tag, attrs, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

export function drawChart(svg, readings) {
  svg.replaceChildren();
  if (!readings.length) {
    svg.append(node('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no readings in this range'));
    svg.dataset.points = '0';
    return;
  }
  const xs = readings.map((r) => Date.parse(r.timeStamp));
  const ys = readings.map((r) => r.value);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs) || 1];
  let [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
  if (y1 === y0) y1 = y0 + 1;
  const sx = (x) => PAD.left + ((x - x0) / Math.max(1, x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const points = readings.map((r, i) => `${sx(xs[i]).toFixed(1)},${sy(ys[i]).toFixed(1)}`);

  svg.append(
    node('line', { class: 'axis', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom }),
    node('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom }),
    node('polygon', { class: 'area', points: `${sx(x0)},${sy(y0)} ${points.join(' ')} ${sx(x1)},${sy(y0)}` }),
    node('polyline', { class: 'line', points: points.join(' ') }),
    node('text', { x: PAD.left - 6, y: PAD.top + 10, 'text-anchor': 'end' }, `${y1.toLocaleString(undefined, { maximumFractionDigits: 2 })} ${readings[0].unit}`),
    node('text', { x: PAD.left - 6, y: H - PAD.bottom, 'text-anchor': 'end' }, `${y0}`),
    node('text', { x: PAD.left, y: H - 8 }, new Date(x0).toLocaleString()),
    node('text', { x: W - PAD.right, y: H - 8, 'text-anchor': 'end' }, new Date(x1).toLocaleString()),
  );
  svg.dataset.points = String(readings.length);
}
