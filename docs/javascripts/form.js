/* Föreslå ett kort: a form built from data/form.json (schema.py + taxonomy.yml), validated in the browser with
   Ajv against the published JSON Schema, with a live preview, a prefilled GitHub new-file page, a download
   and a copy. Nothing is sent anywhere until the contributor follows the GitHub link.
   Card text only ever reaches the page through textContent and attribute values, never as HTML. */
(() => {
  const root = document.getElementById('mb-form');
  if (!root) return;
  const siteRoot = new URL('..', document.currentScript.src);
  // The data files the build hands over in the page's head (hooks/metodbanken/site/page_assets.py).
  const dataPaths = JSON.parse(document.getElementById('mb-data-paths').textContent);
  const AJV_SRC = new URL(dataPaths.ajv, siteRoot).href;
  const CHECK_DELAY_MS = 150;
  // Longer addresses may be refused by GitHub or the browser; the contributor then uploads the file instead.
  const LONG_URL = 8000;

  let spec = null;
  let cardType = null; // {label, folder, schema, body_hint, fields}
  let typeName = '';
  let tried = null; // the method id when the form is "Vi har provat metoden"
  let formFields = []; // the fields shown: all of the type's, or the short list for "Vi har provat metoden"
  let validateCard = null;
  let idEdited = false;
  let counter = 0;
  const touched = new Set();
  const ui = {};

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'attrs') {
        for (const [name, v] of Object.entries(value)) node.setAttribute(name, v);
      } else {
        node[key] = value;
      }
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined && child !== false) node.append(child); // strings become text nodes
    }
    return node;
  }

  function nextId(prefix) {
    counter += 1;
    return `mb-f-${prefix}-${counter}`;
  }

  // ---- the card's id: the scaffold's slug rules (scaffold.py slugify), letter table from form.json ----
  function slugify(title) {
    const letters = spec.slug_letters;
    let text = Array.from(title.toLowerCase())
      .map((c) => (c in letters ? letters[c] : c))
      .join('');
    text = text.normalize('NFKD').replace(/\p{M}/gu, '');
    return text.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  }
  window.metodbankenSlugify = (title) => slugify(title); // for the parity test with scaffold.py

  function oneLine(text) {
    return text.split(/\s+/).filter(Boolean).join(' ');
  }

  // ---- YAML: every string double-quoted with escapes, so ': ', ' #', quotes and newlines cannot break it ----
  // Text pasted from PDFs and word processors can hold invisible characters that validation refuses
  // (load.FORBIDDEN_CHARACTER): line and paragraph separators become spaces, the other controls go.
  function visibleText(text) {
    return (
      String(text)
        .replace(/[\u2028\u2029\u0085]/g, ' ')
        // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
        .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    );
  }

  function yamlString(text) {
    let out = '"';
    for (const ch of visibleText(text)) {
      const code = ch.codePointAt(0);
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (
        code < 0x20 ||
        (code >= 0x7f && code <= 0x9f) ||
        (code >= 0xd800 && code <= 0xdfff) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0xfeff ||
        code === 0xfffe ||
        code === 0xffff
      ) {
        // Controls, YAML's own line breaks (NEL, LS, PS) and what YAML may not hold raw go as escapes.
        out += code >= 0xd800 && code <= 0xdfff ? '\\ufffd' : '\\u' + code.toString(16).padStart(4, '0');
      } else out += ch;
    }
    return out + '"';
  }

  function yamlScalar(value) {
    return typeof value === 'number' ? String(value) : yamlString(value);
  }

  function yamlLines(name, value, indent) {
    const pad = ' '.repeat(indent);
    if (Array.isArray(value)) {
      const lines = [`${pad}${name}:`];
      for (const item of value) {
        if (item && typeof item === 'object') {
          Object.entries(item).forEach(([key, v], i) => {
            lines.push(
              ...yamlLines(key, v, indent + 4).map((line, j) =>
                i === 0 && j === 0 ? `${pad}  - ${line.slice(indent + 4)}` : line,
              ),
            );
          });
        } else {
          lines.push(`${pad}  - ${yamlScalar(item)}`);
        }
      }
      return lines;
    }
    if (value && typeof value === 'object') {
      const lines = [`${pad}${name}:`];
      for (const [key, v] of Object.entries(value)) lines.push(...yamlLines(key, v, indent + 2));
      return lines;
    }
    return [`${pad}${name}: ${yamlScalar(value)}`];
  }

  function cardText(data, body) {
    const lines = ['---', `type: ${typeName}`];
    for (const [name, value] of Object.entries(data)) {
      if (name !== 'type') lines.push(...yamlLines(name, value, 0));
    }
    lines.push('---');
    return lines.join('\n') + '\n' + (body ? '\n' + body + '\n' : '');
  }

  // ---- building the form ----
  function helpFor(field, id) {
    const limit = field.max_length ? ` Högst ${field.max_length} tecken.` : '';
    return el('p', { className: 'mb-form-help', id: `${id}-help`, textContent: field.help + limit });
  }

  function errorSlot(id) {
    return el('p', { className: 'mb-form-error', id: `${id}-error`, hidden: true });
  }

  function labelText(field) {
    return field.label + (field.required ? ' (obligatoriskt)' : '');
  }

  function describe(control, id) {
    control.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    return control;
  }

  function textControl(field, id, value) {
    // The field's kind chose the control and its attributes (FieldKind.form_control in field_kinds.py).
    const props = { id, ...field.attributes };
    const control = field.control === 'textarea' ? el('textarea', props) : el('input', props);
    if (value !== undefined) control.value = value;
    control.dataset.kind = field.kind;
    return describe(control, id);
  }

  function choiceSelect(field, id, value) {
    const select = el('select', { id }, [el('option', { value: '', textContent: 'Välj …' })]);
    for (const choice of field.choices) {
      select.append(el('option', { value: choice.id, textContent: choice.label }));
    }
    if (value) select.value = value;
    return describe(select, id);
  }

  function repeatable(field, id, makeItem, addLabel) {
    const items = el('ol', { className: 'mb-form-items', id: `${id}-items` });
    function add(value) {
      const itemId = nextId(field.name);
      const remove = el('button', { type: 'button', className: 'md-button mb-form-remove', textContent: 'Ta bort' });
      const item = el('li', { className: 'mb-form-item' }, [
        makeItem(itemId, value, items.children.length + 1),
        remove,
      ]);
      remove.setAttribute('aria-label', `Ta bort ${field.label.toLowerCase()} ${items.children.length + 1}`);
      remove.addEventListener('click', () => {
        item.remove();
        changed();
        addButton.focus();
      });
      items.append(item);
      return item;
    }
    const addButton = el('button', { type: 'button', className: 'md-button mb-form-add', textContent: addLabel });
    addButton.addEventListener('click', () => {
      const item = add();
      const first = item.querySelector('input, textarea, select');
      if (first) first.focus();
      changed();
    });
    return { items, addButton, add };
  }

  function fieldBlock(field, path, presets) {
    const id = nextId(field.name);
    const wrap = el('div', { className: 'mb-form-field' });
    wrap.dataset.path = path;
    wrap.dataset.kind = field.kind;
    wrap.dataset.control = field.control;
    wrap.dataset.name = field.name;
    const preset = presets ? presets[field.name] : undefined;
    const control = field.control;
    if (control === 'checkboxes') {
      const fieldset = el('fieldset', { className: 'mb-form-choices' }, [
        el('legend', { textContent: labelText(field) }),
      ]);
      describe(fieldset, id);
      fieldset.append(helpFor(field, id));
      const box = el('div', { className: 'mb-form-checkboxes' });
      for (const choice of field.choices) {
        const boxId = nextId(field.name);
        const input = el('input', { type: 'checkbox', id: boxId, value: choice.id });
        box.append(
          el('div', { className: 'mb-form-checkbox' }, [
            input,
            el('label', { htmlFor: boxId, textContent: choice.label }),
          ]),
        );
      }
      if (!field.choices.length) box.append(el('p', { textContent: 'Det finns inga sådana kort ännu.' }));
      fieldset.append(box, errorSlot(id));
      wrap.append(fieldset);
    } else if (control === 'list') {
      const fieldset = el('fieldset', {}, [el('legend', { textContent: labelText(field) })]);
      describe(fieldset, id);
      const list = repeatable(
        field,
        id,
        (itemId, value, n) =>
          el('div', {}, [
            el('label', { htmlFor: itemId, textContent: `${field.label}, punkt ${n}` }),
            el('textarea', { id: itemId, rows: 2, value: value || '' }),
          ]),
        `Lägg till en punkt i ${field.label.toLowerCase()}`,
      );
      fieldset.append(helpFor(field, id), list.items, list.addButton, errorSlot(id));
      for (const value of preset || [undefined]) list.add(value);
      wrap.append(fieldset);
    } else if (control === 'records') {
      const fieldset = el('fieldset', { className: 'mb-form-objects' }, [
        el('legend', { textContent: labelText(field) }),
      ]);
      describe(fieldset, id);
      const list = repeatable(
        field,
        id,
        (itemId, value, n) => {
          const record = el('fieldset', { className: 'mb-form-record' }, [
            el('legend', { textContent: `${field.label}, post ${n}` }),
          ]);
          if (field.variants) {
            // An entry of one of several forms (a source: a listed document, another document, an own account):
            // each form's fields in a group of their own; the contributor fills in one group.
            record.append(el('p', { className: 'mb-form-help', textContent: 'Fyll i ett av slagen nedan.' }));
            for (const variant of field.variants) {
              const group = el('fieldset', { className: 'mb-form-variant' }, [
                el('legend', { textContent: variant.label }),
                el('p', { className: 'mb-form-help', textContent: variant.help }),
              ]);
              for (const sub of variant.subfields) group.append(fieldBlock(sub, `${path}/${n - 1}/${sub.name}`, value));
              record.append(group);
            }
            return record;
          }
          for (const sub of field.subfields) record.append(fieldBlock(sub, `${path}/${n - 1}/${sub.name}`, value));
          return record;
        },
        `Lägg till en post i ${field.label.toLowerCase()}`,
      );
      fieldset.append(helpFor(field, id), list.items, list.addButton, errorSlot(id));
      const start = preset || (field.required ? [undefined] : []);
      for (const value of start) list.add(value);
      wrap.append(fieldset);
    } else if (control === 'period') {
      const fieldset = el('fieldset', { className: 'mb-form-period' }, [
        el('legend', { textContent: labelText(field) }),
      ]);
      describe(fieldset, id);
      const start = el('input', { id: `${id}-start`, type: 'text', inputMode: 'numeric', placeholder: 'ÅÅÅÅ' });
      const end = el('input', { id: `${id}-end`, type: 'text', inputMode: 'numeric', placeholder: 'ÅÅÅÅ' });
      start.dataset.part = 'start';
      end.dataset.part = 'end';
      fieldset.append(
        helpFor(field, id),
        el('div', { className: 'mb-form-period-parts' }, [
          el('div', {}, [el('label', { htmlFor: start.id, textContent: 'Start (år, ÅÅÅÅ-MM eller okänd)' }), start]),
          el('div', {}, [el('label', { htmlFor: end.id, textContent: 'Slut (tomt om det pågår)' }), end]),
        ]),
        errorSlot(id),
      );
      wrap.append(fieldset);
    } else {
      const input = control === 'select' ? choiceSelect(field, id, preset) : textControl(field, id, preset);
      wrap.append(
        el('label', { htmlFor: id, textContent: labelText(field) }),
        helpFor(field, id),
        input,
        errorSlot(id),
      );
    }
    wrap.dataset.id = id;
    return wrap;
  }

  // ---- reading the form back into card data (empty optional values left out, as the scaffold's reader does) ----
  // Items can be removed anywhere in a list: number them and their error paths again before each check.
  function renumber(container, path) {
    for (const block of container.querySelectorAll(':scope > .mb-form-field')) {
      block.dataset.path = `${path}/${block.dataset.name}`;
      const items = block.querySelector('.mb-form-items');
      if (!items || items.closest('.mb-form-field') !== block) continue;
      Array.from(items.children).forEach((item, i) => {
        const legend = item.querySelector('legend, label');
        legend.textContent = legend.textContent.replace(/\d+$/, String(i + 1));
        const remove = item.querySelector(':scope > .mb-form-remove');
        remove.setAttribute('aria-label', remove.getAttribute('aria-label').replace(/\d+$/, String(i + 1)));
        const record = item.querySelector('.mb-form-record');
        if (record) {
          for (const sub of record.querySelectorAll('.mb-form-field')) {
            if (sub.parentElement.closest('.mb-form-record') !== record) continue;
            sub.dataset.path = `${block.dataset.path}/${i}/${sub.dataset.name}`;
          }
        }
      });
    }
  }

  function readBlock(block) {
    const control = block.dataset.control;
    if (control === 'checkboxes') {
      const picked = Array.from(block.querySelectorAll('input[type=checkbox]:checked')).map((i) => i.value);
      return picked.length ? picked : undefined;
    }
    if (control === 'list') {
      const items = Array.from(block.querySelectorAll('textarea'))
        .map((t) => t.value.trim())
        .filter(Boolean);
      return items.length ? items : undefined;
    }
    if (control === 'records') {
      const records = [];
      for (const record of block.querySelectorAll(':scope .mb-form-record')) {
        if (record.parentElement.closest('.mb-form-field') !== block) continue;
        const data = readFields(record);
        if (Object.keys(data).length) records.push(data);
      }
      return records.length ? records : undefined;
    }
    if (control === 'period') {
      const start = block.querySelector('[data-part=start]').value.trim();
      const end = block.querySelector('[data-part=end]').value.trim();
      if (!start && !end) return undefined;
      const period = { start };
      if (end) period.end = end;
      return period;
    }
    const input = block.querySelector('input, textarea, select');
    let value = input.value.trim();
    if (block.dataset.name === 'title') value = oneLine(value);
    if (!value) return undefined;
    if (input.type === 'number' && /^-?\d+$/.test(value)) return Number(value);
    return value;
  }

  function readFields(container) {
    const data = {};
    for (const block of container.querySelectorAll('.mb-form-field')) {
      if (block.parentElement.closest('.mb-form-record, #mb-form-fields') !== container) continue;
      const value = readBlock(block);
      if (value !== undefined) data[block.dataset.name] = value;
    }
    return data;
  }

  function collect() {
    const data = readFields(ui.fields);
    if (tried) data.methods = [{ method: tried, relation: spec.tried.relation }];
    if (tried && !data[spec.tried.own_account.field]) data[spec.tried.own_account.field] = [ownAccount(data)];
    const ordered = { type: typeName };
    for (const field of cardType.fields) {
      if (field.name in data) ordered[field.name] = data[field.name];
    }
    return ordered;
  }

  // "Vi har provat metoden" without a document: the organisation filling in the form reports its own work, this month.
  function ownAccount(data) {
    const own = spec.tried.own_account;
    const account = {};
    if (data[own.organisation_from]) account[own.organisation] = data[own.organisation_from];
    account[own.date] = new Date().toISOString().slice(0, 7);
    return account;
  }

  // ---- checks: Ajv against the published JSON Schema, plus id and text rules; messages in Swedish ----
  function fieldAt(path) {
    let fields = formFields.some((f) => path.startsWith(`/${f.name}`)) ? formFields : cardType.fields;
    let field = null;
    const names = [];
    for (const part of path.split('/').filter(Boolean)) {
      if (/^\d+$/.test(part)) {
        names.push(`post ${Number(part) + 1}`);
        continue;
      }
      field = (fields || []).find((f) => f.name === part) || null;
      if (!field) break;
      names.push(field.label);
      fields = field.subfields;
    }
    return { field, name: names.join(', ') };
  }

  function ajvMessage(error) {
    const p = error.params || {};
    switch (error.keyword) {
      case 'required':
        return 'Fyll i fältet.';
      case 'minItems':
        return p.limit === 1 ? 'Välj eller skriv minst en.' : `Välj eller skriv minst ${p.limit}.`;
      case 'maxLength':
        return `Texten är för lång: högst ${p.limit} tecken.`;
      case 'enum':
        return 'Välj ett av de tillåtna värdena.';
      case 'pattern': {
        // Ajv gives the pattern in params (error.schema only with its verbose option, which is off).
        const pattern = p.pattern || '';
        if (pattern === '\\S') return 'Fältet får inte vara tomt.';
        if (pattern.startsWith('^https')) return 'Skriv en webbadress som börjar med https://.';
        if (pattern.startsWith('^\\d{4}-\\d{2}-\\d{2}')) return 'Skriv datumet som ÅÅÅÅ-MM-DD.';
        if (pattern.startsWith('^\\d{4}'))
          return 'Skriv ett år (ÅÅÅÅ), en månad (ÅÅÅÅ-MM) eller ett datum (ÅÅÅÅ-MM-DD).';
        return 'Värdet har fel form.';
      }
      case 'type':
        return p.type === 'integer' ? 'Skriv ett heltal, bara siffror.' : 'Värdet har fel form.';
      case 'uniqueItems':
        return 'Samma värde står två gånger.';
      default:
        return 'Värdet har fel form.';
    }
  }

  // An entry of several forms (field.variants) is told only what its own form lacks: the form whose first field
  // it fills in, else the first form. Ajv reports every branch of the JSON Schema's oneOf.
  function otherForm(error, data) {
    const branch = /\/oneOf\/(\d+)\//.exec(error.schemaPath);
    if (!branch) return false;
    const [name, index] = error.instancePath.split('/').filter(Boolean);
    const field = cardType.fields.find((f) => f.name === name);
    if (!field?.variants) return false;
    const entry = (data[name] || [])[Number(index)] || {};
    const chosen = field.variants.findIndex((v) => entry[v.subfields[0].name] !== undefined);
    return Number(branch[1]) !== Math.max(chosen, 0);
  }

  function schemaProblems(data) {
    if (!validateCard || validateCard(data)) return [];
    const byPath = new Map();
    for (const error of validateCard.errors) {
      if (otherForm(error, data)) continue;
      let path = error.instancePath;
      if (error.keyword === 'required') path += '/' + error.params.missingProperty;
      // For a period part the message belongs to the whole period.
      path = path.replace(/\/(start|end)$/, '');
      const known = byPath.get(path);
      // anyOf and oneOf only say that no branch fitted; the branch errors say why.
      if (!known || (/^(any|one)Of$/.test(known.keyword) && !/^(any|one)Of$/.test(error.keyword))) {
        byPath.set(path, { path, keyword: error.keyword, message: ajvMessage(error) });
      }
    }
    return Array.from(byPath.values()).filter(
      (problem) =>
        !(
          /^(any|one)Of$/.test(problem.keyword) &&
          Array.from(byPath.keys()).some((p) => p !== problem.path && p.startsWith(problem.path + '/'))
        ),
    );
  }

  function textProblems(data, body) {
    const problems = [];
    const rules = spec.text_rules.map((r) => ({ ...r, rx: new RegExp(r.pattern, r.flags) }));
    function walk(value, path) {
      if (typeof value === 'string') {
        const rule = rules.find((r) => r.rx.test(value));
        if (rule) problems.push({ path, message: `${rule.message} ${rule.hint}` });
      } else if (Array.isArray(value)) {
        const texts = value.every((v) => typeof v === 'string');
        for (const [i, v] of value.entries()) walk(v, texts ? path : `${path}/${i}`);
      } else if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) walk(v, `${path}/${key}`);
      }
    }
    walk(data, '');
    walk(body, '/_body');
    return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
  }

  function idProblem(id) {
    if (!id) return 'Skriv en titel; id:t bildas av den.';
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return 'Använd bara a–z, siffror och bindestreck.';
    if (spec.reserved_ids.includes(id)) return 'Id:t är reserverat för en genererad sida; välj ett annat.';
    if (spec.taken_ids.includes(id)) return 'Det finns redan ett kort med det id:t; ändra titeln eller id:t.';
    return '';
  }

  // ---- showing the result ----
  function showFieldErrors(problems) {
    for (const slot of ui.form.querySelectorAll('.mb-form-error')) {
      slot.hidden = true;
      slot.textContent = '';
    }
    for (const control of ui.form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    for (const problem of problems) {
      const block = ui.form.querySelector(`.mb-form-field[data-path="${CSS.escape(problem.path)}"]`);
      if (!block || !touched.has(block.dataset.path)) continue;
      const slot = block.querySelector(`#${CSS.escape(block.dataset.id)}-error`);
      slot.textContent = problem.message;
      slot.hidden = false;
      const control = block.querySelector(`#${CSS.escape(block.dataset.id)}`);
      if (control) control.setAttribute('aria-invalid', 'true');
    }
  }

  function previewValue(field, value) {
    if (Array.isArray(value)) {
      return el(
        'ul',
        {},
        value.map((item) => el('li', {}, [previewValue(field, item)])),
      );
    }
    if (value && typeof value === 'object') {
      if (field.control === 'period') return `${value.start}–${value.end || ''}`;
      return Object.entries(value)
        .map(([key, v]) => {
          const sub = (field.subfields || []).find((s) => s.name === key);
          return `${sub ? sub.label : key}: ${choiceLabel(sub, v)}`;
        })
        .join(' · ');
    }
    return choiceLabel(field, value);
  }

  function choiceLabel(field, value) {
    const choice = field && field.choices && field.choices.find((c) => c.id === value);
    return choice ? choice.label : String(value);
  }

  function renderPreview(data, body) {
    const facts = el('dl');
    for (const field of cardType.fields) {
      if (!(field.name in data) || field.name === 'title' || field.name === 'summary') continue;
      facts.append(el('dt', { textContent: field.label }), el('dd', {}, [previewValue(field, data[field.name])]));
    }
    ui.rendered.replaceChildren(
      el('p', { className: 'mb-form-preview-title', textContent: data.title || '(titel saknas)' }),
      el('p', { className: 'mb-summary', textContent: data.summary || '' }),
      facts,
      ...(body
        ? body.split(/\n{2,}/).map((para) => el('p', { className: 'mb-form-preview-body', textContent: para }))
        : []),
    );
  }

  let timer = 0;
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(update, CHECK_DELAY_MS);
  }

  function update() {
    renumber(ui.fields, '');
    const titleInput = ui.form.querySelector('.mb-form-field[data-name=title] input');
    if (!idEdited) ui.id.value = slugify(oneLine(titleInput.value));
    const id = ui.id.value.trim();
    const data = collect();
    const body = ui.body.value.trim();
    const text = cardText(data, body);
    const problems = [...schemaProblems(data), ...textProblems(data, body)];
    for (const rule of spec.pair_rules) {
      if (rule.type === typeName && data[rule.field] === rule.value && !(rule.needs in data)) {
        problems.push({ path: `/${rule.needs}`, message: rule.message });
      }
    }
    const idError = idProblem(id);
    if (idError) problems.push({ path: '/_id', message: idError });
    if (body.includes(spec.body_placeholder))
      problems.push({ path: '/_body', message: `Ta bort raden '${spec.body_placeholder}'.` });
    showFieldErrors(problems);
    ui.idError.hidden = !(idError && touched.has('/title'));
    ui.idError.textContent = idError;
    ui.fileName.textContent = `${cardType.folder}/${id || '…'}.md`;
    ui.yaml.textContent = text;
    renderPreview(data, body);
    ui.problems.replaceChildren(
      ...problems.map((p) => {
        const where = p.path === '/_id' ? 'Id' : p.path === '/_body' ? 'Brödtext' : fieldAt(p.path).name;
        return el('li', { textContent: `${where}: ${p.message}` });
      }),
    );
    ui.status.textContent = problems.length
      ? `${problems.length} ${problems.length === 1 ? 'sak' : 'saker'} kvar att rätta innan kortet kan skickas.`
      : 'Kortet är giltigt och klart att skicka.';
    ui.status.className = problems.length ? 'mb-form-status' : 'mb-form-status mb-form-status--ok';
    const ready = problems.length === 0 && validateCard !== null;
    const url = `${spec.new_file_url}${cardType.folder}?filename=${encodeURIComponent(id + '.md')}&value=${encodeURIComponent(text)}`;
    if (ready) {
      ui.github.href = url;
      ui.github.removeAttribute('aria-disabled');
    } else {
      ui.github.removeAttribute('href');
      ui.github.setAttribute('aria-disabled', 'true');
    }
    ui.longNote.hidden = !(ready && url.length > LONG_URL);
    ui.text = text;
    ui.id.dataset.file = `${id}.md`;
  }

  function download() {
    const blob = new Blob([ui.text], { type: 'text/markdown;charset=utf-8' });
    const link = el('a', { href: URL.createObjectURL(blob), download: ui.id.dataset.file || 'kort.md' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    ui.copyStatus.textContent = `Filen ${link.download} laddades ner.`;
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(ui.text);
      ui.copyStatus.textContent = 'Kortet är kopierat. Klistra in det i en ny fil på GitHub.';
    } catch (error) {
      ui.copyStatus.textContent =
        'Webbläsaren tillät inte kopiering; markera texten under Kortets text och kopiera den.';
    }
  }

  function loadAjv() {
    return new Promise((resolve, reject) => {
      if (window.ajv2020) return resolve(window.ajv2020);
      const script = el('script', { src: AJV_SRC });
      script.addEventListener('load', () => resolve(window.ajv2020));
      script.addEventListener('error', () => reject(new Error('ajv')));
      document.head.append(script);
    });
  }

  function build() {
    const intro = tried ? triedIntro() : null;
    ui.fields = el('div', { id: 'mb-form-fields' });
    formFields = tried ? spec.tried.fields.filter((f) => f.name !== 'methods') : cardType.fields;
    for (const field of formFields) ui.fields.append(fieldBlock(field, `/${field.name}`));
    const idId = nextId('id');
    ui.id = el('input', { id: idId, type: 'text', spellcheck: false, autocomplete: 'off' });
    describe(ui.id, idId);
    ui.id.addEventListener('input', () => {
      idEdited = ui.id.value.trim() !== '';
    });
    ui.idError = el('p', { className: 'mb-form-error', id: `${idId}-error`, hidden: true });
    ui.fileName = el('code');
    const bodyId = nextId('body');
    ui.body = describe(el('textarea', { id: bodyId, rows: 6 }), bodyId);
    ui.form = el(
      'form',
      { className: 'mb-form', noValidate: true, attrs: { 'aria-label': root.dataset.title || 'Kortet' } },
      [
        intro,
        ui.fields,
        el('div', { className: 'mb-form-field' }, [
          el('label', { htmlFor: bodyId, textContent: 'Brödtext (frivillig)' }),
          el('p', {
            className: 'mb-form-help',
            id: `${bodyId}-help`,
            textContent: `Med egna ord: ${cardType.body_hint} Markdown går bra, HTML inte.`,
          }),
          ui.body,
          el('p', { className: 'mb-form-error', id: `${bodyId}-error`, hidden: true }),
        ]),
        el('div', { className: 'mb-form-field' }, [
          el('label', { htmlFor: idId, textContent: 'Id (filnamn)' }),
          el('p', {
            className: 'mb-form-help',
            id: `${idId}-help`,
            textContent: 'Bildas av titeln: små bokstäver a–z, siffror och bindestreck. Ändra bara om det behövs.',
          }),
          ui.id,
          ui.idError,
        ]),
      ],
    );
    ui.form.addEventListener('input', (event) => {
      markTouched(event.target);
      changed();
    });
    ui.form.addEventListener('change', (event) => {
      markTouched(event.target);
      changed();
    });
    ui.form.addEventListener('submit', (event) => event.preventDefault());

    ui.status = el('p', { className: 'mb-form-status', attrs: { role: 'status' } });
    ui.problems = el('ul', { className: 'mb-form-problems' });
    ui.github = el('a', {
      className: 'md-button md-button--primary',
      textContent: 'Skapa en pull request på GitHub',
      rel: 'noopener',
      target: '_blank',
    });
    const downloadButton = el('button', { type: 'button', className: 'md-button', textContent: 'Ladda ner filen' });
    const copyButton = el('button', { type: 'button', className: 'md-button', textContent: 'Kopiera' });
    downloadButton.addEventListener('click', download);
    copyButton.addEventListener('click', copy);
    ui.copyStatus = el('p', { attrs: { role: 'status' } });
    ui.longNote = el('p', {
      className: 'mb-form-help',
      hidden: true,
      textContent:
        'Kortet är långt. Om GitHub inte ' +
        'öppnar sidan med kortet ifyllt: ladda ner filen och välj Add file → Upload files i mappen ' +
        cardType.folder +
        '/ på GitHub.',
    });
    const checkAll = el('button', {
      type: 'button',
      className: 'md-button',
      textContent: 'Visa alla fel i formuläret',
    });
    checkAll.addEventListener('click', () => {
      for (const block of ui.form.querySelectorAll('.mb-form-field'))
        if (block.dataset.path) touched.add(block.dataset.path);
      touched.add('/title');
      update();
      const first = ui.form.querySelector('[aria-invalid=true]');
      if (first) first.focus();
    });
    ui.yaml = el('code');
    ui.rendered = el('div', { className: 'mb-form-rendered' });
    const result = el(
      'section',
      { className: 'mb-form-result', attrs: { 'aria-labelledby': 'mb-form-result-heading' } },
      [
        el('h2', { id: 'mb-form-result-heading', textContent: 'Kontroll och förhandsvisning' }),
        ui.status,
        ui.problems,
        checkAll,
        el('p', {}, ['Filen sparas som ', ui.fileName, '.']),
        el('div', { className: 'mb-form-actions' }, [ui.github, downloadButton, copyButton]),
        ui.longNote,
        el('p', {
          className: 'mb-form-help',
          textContent:
            'Inget skickas förrän du följer länken till GitHub. Där behöver du ett konto; har du inte skrivrätt skapar GitHub en egen kopia (fork) åt dig och en pull request som redaktionen granskar.',
        }),
        ui.copyStatus,
        el('h3', { textContent: 'Så ser kortet ut' }),
        ui.rendered,
        el('h3', { textContent: 'Kortets text' }),
        el(
          'pre',
          { className: 'mb-form-yaml', tabIndex: 0, attrs: { 'aria-label': 'Kortets text, YAML och brödtext' } },
          [ui.yaml],
        ),
      ],
    );
    root.replaceChildren(ui.form, result);
    update();
  }

  function triedIntro() {
    const method = triedChoices().find((c) => c.id === tried);
    return el('p', { className: 'mb-form-tried' }, [
      'Kortet kopplas till metoden ',
      el('strong', { textContent: method ? method.label : tried }),
      ' som ett projekt som använde den.',
    ]);
  }

  function markTouched(target) {
    const block = target.closest('.mb-form-field');
    if (block && block.dataset.path) touched.add(block.dataset.path);
    if (block && block.dataset.name === 'title') touched.add('/title');
  }

  function triedChoices() {
    return spec.tried.fields.find((f) => f.name === 'methods').subfields.find((s) => s.name === 'method').choices;
  }

  function triedMethod(methods) {
    const wanted = new URLSearchParams(window.location.search).get('metod') || '';
    return methods.some((m) => m.id === wanted) ? wanted : null;
  }

  function chooseMethod(methods) {
    // "Vi har provat en metod" opened without a method: ask which, then show the form.
    const id = nextId('metod');
    const select = el('select', { id }, [
      el('option', { value: '', textContent: 'Välj metod …' }),
      ...methods.map((m) => el('option', { value: m.id, textContent: m.label })),
    ]);
    const go = el('button', { type: 'button', className: 'md-button md-button--primary', textContent: 'Fortsätt' });
    go.addEventListener('click', () => {
      if (!select.value) return select.focus();
      const url = new URL(window.location.href);
      url.searchParams.set('metod', select.value);
      window.location.assign(url.href);
    });
    root.replaceChildren(
      el('div', { className: 'mb-form-field' }, [
        el('label', { htmlFor: id, textContent: 'Vilken metod har ni provat?' }),
        select,
        go,
      ]),
    );
  }

  async function start() {
    const response = await fetch(new URL(dataPaths.form, siteRoot));
    spec = await response.json();
    typeName = root.dataset.cardType;
    if (root.dataset.mode === 'tried') {
      const methods = triedChoices();
      tried = triedMethod(methods);
      typeName = spec.tried.type;
      if (!tried) return chooseMethod(methods);
    }
    cardType = spec.types[typeName];
    try {
      const [Ajv, schema] = await Promise.all([
        loadAjv(),
        fetch(new URL(cardType.schema, siteRoot)).then((r) => r.json()),
      ]);
      // Python-style patterns (e.g. [^\s<>\"']) are not valid with the u flag; "format" is checked by the validator.
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
      validateCard = ajv.compile(schema);
    } catch (error) {
      validateCard = null;
    }
    build();
    root.dataset.ready = validateCard ? 'true' : 'no-validator';
  }

  start().catch(() => {
    root.replaceChildren(
      el('p', { textContent: 'Formuläret kunde inte laddas. Följ guiden Bidra med ett kort i stället.' }),
    );
  });
})();
