/** Shadow runs, as the last poll of dashboard/runs listed them: the live section follows them. */
let shadowRuns = [];
let liveShown = false;

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}
async function refresh() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('dashboard/runs');
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const runs = await response.json();
    shadowRuns = runs.filter(run => run.production);
    if (!liveShown) {
      liveShown = true;
      refreshLive();
    }
    const body = document.querySelector('#runs tbody');
    body.replaceChildren();
    for (const run of runs) {
      const row = document.createElement('tr');
      row.dataset.run = run.id;
      cell(row, run.name);
      cell(row, run.kind);
      cell(row, run.corpus || '–');
      cell(row, run.variants.join(', '));
      const share = run.total === 0 ? 0 : run.ended / run.total;
      const bar = document.createElement('div');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = (100 * share).toFixed(1) + '%';
      bar.appendChild(fill);
      cell(row, '').appendChild(bar);
      cell(row, run.ended + ' / ' + run.total + ' ended' + Object.entries(run.states)
          .map(([state, count]) => ' · ' + state.toLowerCase() + ' ' + count).join(''));
      const link = document.createElement('a');
      link.href = 'runs/' + run.id + '/report';
      link.textContent = 'report';
      cell(row, '').appendChild(link);
      body.appendChild(row);
    }
    status.textContent = runs.length + ' runs, updated ' + new Date().toLocaleTimeString();
  } catch (error) {
    status.textContent = 'could not load the runs: ' + error.message;
  }
}
refresh();
setInterval(refresh, 2000);

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#2a9d8f', '#e76f51', '#264653', '#e9c46a', '#8d5fd3', '#f4a261'];

function svg(name, attributes) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}

/** A line chart of series [{name, points: [{x, y, low?, high?}]}], with a band where low and high are given. */
function chart(caption, series, flat) {
  const width = 420, height = 180, left = 44, right = 10, top = 10, bottom = 24;
  const points = series.flatMap(s => s.points);
  const xs = points.map(p => p.x);
  const ys = points.flatMap(p => [p.y, p.low, p.high]).concat(flat.map(f => f.y)).filter(y => y !== undefined && y !== null);
  const xMin = Math.min(...xs), xMax = Math.max(...xs, xMin + 1);
  let yMin = Math.min(...ys), yMax = Math.max(...ys);
  if (yMax - yMin < 1e-9) { yMin -= 0.5; yMax += 0.5; }
  const x = v => left + (v - xMin) / (xMax - xMin) * (width - left - right);
  const y = v => top + (yMax - v) / (yMax - yMin) * (height - top - bottom);
  const figure = document.createElement('figure');
  figure.className = 'live-chart';
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  root.appendChild(svg('rect', { x: left, y: top, width: width - left - right, height: height - top - bottom, fill: '#fafafa', stroke: '#ccc' }));
  for (const tick of [yMin, (yMin + yMax) / 2, yMax]) {
    const label = svg('text', { x: left - 4, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 10 });
    label.textContent = tick.toFixed(2);
    root.appendChild(label);
  }
  const axis = svg('text', { x: width - right, y: height - 6, 'text-anchor': 'end', 'font-size': 10 });
  axis.textContent = 'questions (' + xMin + '–' + xMax + ')';
  root.appendChild(axis);
  for (const line of flat) {
    root.appendChild(svg('path', { d: `M${x(xMin)},${y(line.y)} H${x(xMax)}`, stroke: line.colour, 'stroke-dasharray': '4 3', fill: 'none' }));
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const banded = s.points.filter(p => p.low !== undefined && p.low !== null);
    if (banded.length > 0) {
      const upper = banded.map(p => `${x(p.x)},${y(p.high)}`);
      const lower = banded.slice().reverse().map(p => `${x(p.x)},${y(p.low)}`);
      root.appendChild(svg('path', { d: 'M' + upper.concat(lower).join(' L') + ' Z', fill: colour, 'fill-opacity': 0.18, stroke: 'none' }));
    }
    root.appendChild(svg('path', { d: 'M' + s.points.map(p => `${x(p.x)},${y(p.y)}`).join(' L'), stroke: colour, fill: 'none', 'stroke-width': 2 }));
    const legend = svg('text', { x: left + 6, y: top + 12 + 12 * i, 'font-size': 10, fill: colour });
    legend.textContent = s.name;
    root.appendChild(legend);
  });
  figure.appendChild(root);
  const text = document.createElement('figcaption');
  text.textContent = caption;
  figure.appendChild(text);
  return figure;
}

function liveRun(state) {
  const section = document.createElement('section');
  section.className = 'live-run';
  section.dataset.run = state.runId;
  const title = document.createElement('h3');
  title.textContent = state.run + ': ' + state.candidates.join(', ') + ' against ' + state.production;
  section.appendChild(title);
  for (const label of state.labels || []) {
    const note = document.createElement('p');
    note.className = 'label';
    note.textContent = label;
    section.appendChild(note);
  }
  const summary = document.createElement('p');
  summary.className = 'muted';
  summary.textContent = state.questions + ' questions' + (state.capped ? ' (comparisons cover the first ' + state.compared + ')' : '')
      + ' · error level ' + state.alpha + ' · drift window ' + state.window;
  section.appendChild(summary);
  const table = document.createElement('table');
  table.className = 'comparisons';
  const head = document.createElement('tr');
  for (const name of ['candidate', 'metric', 'pairs', 'unpaired', 'difference', 'confidence sequence', 'decision', 'since']) {
    const th = document.createElement('th');
    th.textContent = name;
    head.appendChild(th);
  }
  table.appendChild(head);
  for (const c of state.comparisons) {
    const row = document.createElement('tr');
    row.dataset.candidate = c.candidate;
    row.dataset.metric = c.metric;
    cell(row, c.candidate);
    cell(row, c.metric);
    cell(row, c.n);
    cell(row, c.unpaired);
    cell(row, c.estimate.toFixed(3));
    cell(row, '[' + c.lower.toFixed(3) + ', ' + c.upper.toFixed(3) + ']');
    cell(row, c.decision.toLowerCase()).className = 'decision decision-' + c.decision.toLowerCase();
    cell(row, c.decidedAfter ? 'after ' + c.decidedAfter + ' pairs' : '–');
    table.appendChild(row);
  }
  section.appendChild(table);
  const charts = document.createElement('div');
  charts.className = 'charts';
  for (const c of state.comparisons) {
    charts.appendChild(chart(c.candidate + ' − ' + state.production + ', ' + c.metric + ' (band: confidence sequence)',
        [{ name: c.candidate, points: c.trajectory.map(p => ({ x: p.n, y: p.estimate, low: p.lower, high: p.upper })) }],
        [{ y: 0, colour: '#999' }]));
  }
  const metrics = [...new Set(state.drift.map(d => d.metric))];
  for (const metric of metrics) {
    const rows = state.drift.filter(d => d.metric === metric);
    const threshold = rows.find(d => d.threshold !== undefined && d.threshold !== null);
    charts.appendChild(chart(metric + ': rolling mean over the latest ' + state.window + ' questions'
        + (threshold ? ' (dashed: threshold ' + threshold.threshold + ')' : ''),
        rows.map(d => ({ name: d.variant + (d.alert ? ' (alert)' : ''), points: d.trajectory.map(p => ({ x: p.n, y: p.estimate })) })),
        threshold ? [{ y: threshold.threshold, colour: '#b3261e' }] : []));
  }
  section.appendChild(charts);
  return section;
}

let liveLoading = false;
async function refreshLive() {
  if (liveLoading) return;
  liveLoading = true;
  try {
    const states = await Promise.all(shadowRuns.map(run => fetch('runs/' + run.id + '/live')
        .then(live => live.ok ? live.json() : null)));
    const sections = states.filter(state => state !== null).map(liveRun);
    if (sections.length > 0) document.getElementById('live').replaceChildren(...sections);
  } catch (error) {
    document.getElementById('live').replaceChildren(document.createTextNode('could not load the live comparisons: ' + error.message));
  } finally {
    liveLoading = false;
  }
}
setInterval(refreshLive, 10000);
