// The Mask Grid webview: renders the grid model the extension posts
// ({ type: 'grid', grid, fileName }) and posts back what the user does:
// 'reveal' (mouse click: select the flag in the editor), 'cycle' (Enter or
// Space on a flag, or a double click), 'rendered' (what was drawn). Every
// sentence comes from the model (server/src/features/maskGrid.ts).
// Arrow keys, Home and End move between the buttons of a table (one tab stop).
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');

  /** Creates an element with properties/attributes and children (strings become text). */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c);
    return el;
  }

  const reveal = (line, range) => vscode.postMessage({ type: 'reveal', line, start: range.start.character, end: range.end.character });

  function showDetails(text) {
    document.getElementById('details').textContent = text;
  }

  function flagButton(row, cell) {
    const onclick = (e) => {
      // detail 0: Enter/Space (or a screen reader's activation) cycles; a mouse click reveals.
      if (e.detail === 0) vscode.postMessage({ type: 'cycle', line: row.line, bit: cell.bit });
      else if (e.detail === 1) reveal(row.line, cell.range);
    };
    return h('button', {
      class: `cell k-${cell.kind} c-${cell.compat}`,
      'data-key': `${row.line}:${cell.bit}`,
      'aria-label': cell.label,
      title: cell.tooltip,
      tabindex: -1,
      text: cell.flag,
      onclick,
      ondblclick: () => vscode.postMessage({ type: 'cycle', line: row.line, bit: cell.bit }),
    });
  }

  function maskTable(grid, fileName) {
    const bits = [];
    for (let b = 31; b >= 0; b--) bits.push(h('th', { scope: 'col', class: `bit${b % 4 === 3 && b !== 31 ? ' gap' : ''}`, text: String(b) }));
    const rows = grid.rows.map((row) => {
      const header = h('th', { scope: 'row', class: 'key' },
        h('button', { class: 'row', 'data-key': `row:${row.line}`, tabindex: -1, title: row.note || `line ${row.line + 1}`, text: row.key,
          onclick: () => reveal(row.line, { start: { character: 0 }, end: { character: row.key.length } }) }));
      const cells = row.cells.length
        ? row.cells.map((cell) => h('td', { class: cell.bit % 4 === 3 && cell.bit !== 31 ? 'gap' : undefined }, flagButton(row, cell)))
        : [h('td', { colspan: 32, class: 'note' }, row.note)];
      return h('tr', { class: row.applies ? undefined : 'inactive' }, header, cells);
    });
    return h('table', { class: 'grid', role: 'grid', 'aria-label': `Mask registers of ${fileName}, bits 31 to 0` },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'key', text: 'register / bit' }), bits)),
      h('tbody', {}, rows));
  }

  function featMaskTable(grid, fileName) {
    const rows = grid.featMasks.map((f) =>
      h('tr', {},
        h('th', { scope: 'row', class: 'key' },
          h('button', { class: `row c-${f.compat}`, 'data-key': `feat:${f.line}`, tabindex: -1, 'aria-label': f.label, title: f.tooltip, text: f.key,
            onclick: () => reveal(f.line, f.range) })),
        h('td', { class: 'mono', text: f.value }),
        h('td', { class: `mono k-${f.kind || 'none'}`, text: f.flag ? `acts as ${f.flag}` : '—' }),
        h('td', { text: f.where || '—' }),
        h('td', { text: f.compat === 'none' ? f.note || 'not judged' : verdict(f) })));
    return h('table', { class: 'featmasks', role: 'grid', 'aria-label': `featMask lines of ${fileName}` },
      h('thead', {}, h('tr', {}, ['featMask line', 'value', 'flag', 'bits', 'vMotion'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows));
  }

  function verdict(f) {
    const blocks = f.targets.filter((t) => t.state === 'blocks').map((t) => t.target);
    const unknown = f.targets.filter((t) => t.state === 'unknown').map((t) => t.target);
    return [blocks.length && `blocks ${blocks.join(', ')}`, unknown.length && `unknown on ${unknown.join(', ')}`].filter(Boolean).join('; ') || 'moves';
  }

  function legend(grid) {
    const item = (cls, swatch, text) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true', text: swatch }), ` ${text}`);
    return h('section', { class: 'legend', 'aria-label': 'Legend' },
      h('ul', { 'aria-label': 'Flag kinds' }, grid.legend.kinds.map((k) => item(`k-${k.id}`, k.title, k.description))),
      h('ul', { 'aria-label': 'Compatibility' }, grid.legend.compat.map((c) => item(`c-${c.id}`, '\u2009', `${c.title}: ${c.description}`))));
  }

  function hosts(grid) {
    if (grid.targets.length === 0) return h('p', { class: 'hosts' }, 'No targets configured: flags are not judged. Run “VMX CPUID: Choose Source and Target Hosts”.');
    return h('p', { class: 'hosts' },
      `Source: ${grid.source || 'none'} · Targets: ${grid.targets.join(', ')} · EVC: ${grid.evc ? 'on' : 'off'}`,
      grid.vendorMismatch.length ? h('strong', {}, ` · other CPU vendor, never movable: ${grid.vendorMismatch.join(', ')}`) : null);
  }

  function render(grid, fileName) {
    const focused = document.activeElement && app.contains(document.activeElement) ? document.activeElement.getAttribute('data-key') : null;
    if (!grid) {
      app.replaceChildren(h('p', {}, `No grid for ${fileName}: open it in an editor (language VMX).`));
      return;
    }
    const parts = [
      h('h1', { text: `Mask Grid — ${fileName}` }),
      hosts(grid),
      legend(grid),
      h('p', { class: 'help', text: 'Click a flag to select it in the editor. Enter, Space or a double click cycles it: - → 0 → 1 → H → -. Arrow keys move.' }),
      grid.rows.length ? maskTable(grid, fileName) : h('p', { text: 'No cpuid mask lines in this file.' }),
    ];
    if (grid.featMasks.length) parts.push(h('h2', { text: 'featMask lines' }), featMaskTable(grid, fileName));
    parts.push(h('pre', { id: 'details', 'aria-hidden': 'true' }));
    app.replaceChildren(...parts);
    for (const table of app.querySelectorAll('table')) {
      const buttons = table.querySelectorAll('button');
      if (buttons.length) buttons[0].tabIndex = 0;
    }
    const again = focused && app.querySelector(`[data-key="${focused}"]`);
    if (again) focus(again);
    const cells = app.querySelectorAll('button.cell');
    vscode.postMessage({
      type: 'rendered', version: grid.version, rows: grid.rows.length, cells: cells.length, featMasks: grid.featMasks.length,
      labels: [...cells].slice(0, 64).map((c) => c.getAttribute('aria-label')),
    });
  }

  /** Moves the single tab stop of the table to `button` and focuses it. */
  function focus(button) {
    for (const b of button.closest('table').querySelectorAll('button')) b.tabIndex = -1;
    button.tabIndex = 0;
    button.focus();
  }

  app.addEventListener('keydown', (e) => {
    const button = e.target.closest && e.target.closest('table button');
    if (!button) return;
    const tr = button.closest('tr');
    const rows = [...button.closest('tbody').rows];
    const inRow = (row) => [...row.querySelectorAll('button')];
    const col = inRow(tr).indexOf(button);
    const r = rows.indexOf(tr);
    const at = (row, c) => { const list = inRow(row); return list[Math.max(0, Math.min(c, list.length - 1))]; };
    const moves = {
      ArrowLeft: () => at(tr, col - 1),
      ArrowRight: () => at(tr, col + 1),
      ArrowUp: () => rows[r - 1] && at(rows[r - 1], col),
      ArrowDown: () => rows[r + 1] && at(rows[r + 1], col),
      Home: () => at(tr, 0),
      End: () => at(tr, Infinity),
    };
    const next = moves[e.key] && moves[e.key]();
    if (moves[e.key]) e.preventDefault();
    if (next) focus(next);
  });
  const detailsOf = (e) => { const b = e.target.closest && e.target.closest('button[title]'); if (b) showDetails(b.getAttribute('title')); };
  app.addEventListener('mouseover', detailsOf);
  app.addEventListener('focusin', (e) => {
    detailsOf(e);
    // A clicked button becomes the table's tab stop too.
    if (e.target.closest && e.target.closest('table button') && e.target.tabIndex !== 0) focus(e.target);
  });

  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'grid') render(e.data.grid, e.data.fileName);
  });
  vscode.postMessage({ type: 'ready' });
})();
