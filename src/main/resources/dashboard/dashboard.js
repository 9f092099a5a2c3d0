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
