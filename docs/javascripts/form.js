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
  const ID_LABEL = 'Kortets adress';
  const BODY_LABEL = 'Berätta mer';
  // Longer addresses may be refused by GitHub or the browser; the contributor then uploads the file instead.
  const LONG_URL = 8000;
  // Mail programs and browsers cut or refuse long mailto: addresses (some at about 2 000 characters); below
  // this the whole card goes in the message, above it the beginning and a request to attach the file.
  const MAILTO_LIMIT = 1800;
  const MAIL_INTRO =
    'Hej!\n\nHär är ett förslag till ett nytt kort i Metodbanken, gjort med formuläret på webbplatsen.\n\n';
  const MAIL_CUT_INTRO =
    'Hej!\n\nHär är ett förslag till ett nytt kort i Metodbanken, gjort med formuläret på webbplatsen. ' +
    'Kortet är för långt för att få plats här, så det finns i den bifogade filen. Så här börjar det:\n\n';

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
    const slug = text.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    // A long title would make a file name longer than a card may have (load.MAX_ID_LENGTH): cut at a word.
    if (slug.length <= spec.max_id_length) return slug;
    const cut = slug.slice(0, spec.max_id_length + 1);
    return cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut.slice(0, spec.max_id_length);
  }
  window.metodbankenSlugify = (title) => slugify(title); // for the parity test with scaffold.py

  // A title with no letters a–z (in Arabic or made of emoji) still gives the card a name: its type and the day.
  function cardId(title) {
    if (!title) return '';
    return slugify(title) || `${slugify(cardType.label)}-${new Date().toISOString().slice(0, 10)}`;
  }

  function oneLine(text) {
    return text.split(/\s+/).filter(Boolean).join(' ');
  }

  // ---- the period as people write it: form_spec.read_period's rule, with its patterns from form.json ----
  const words = (text) => oneLine(String(text));
  const pad2 = (n) => String(Number(n)).padStart(2, '0');

  function monthNumber(word) {
    const rule = spec.period;
    const stem = word.replace(/\.+$/, '');
    if (stem.length < rule.month_prefix) return null;
    const found = rule.months.flatMap((name, i) => (name.startsWith(stem) ? [i + 1] : []));
    return found.length === 1 ? found[0] : null;
  }

  // calendar_problem in field_kinds.py, in the same words.
  function calendarProblem(value) {
    const [year, month, day] = value.split('-').map(Number);
    const [first, last] = spec.period.years;
    if (year < first || year > last) return `året ${year} ligger utanför ${first}–${last}`;
    if (month !== undefined && !(month >= 1 && month <= 12)) return `månaden ${pad2(month)} finns inte`;
    if (day !== undefined && !(day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()))
      return `dagen ${pad2(day)} finns inte i månaden`;
    return null;
  }

  function readPeriodPart(text) {
    const rule = spec.period;
    const plain = words(text).toLowerCase();
    let value = null;
    let m = plain.match(new RegExp(rule.numbers));
    if (m) value = [m[1], ...m.slice(2).filter(Boolean).map(pad2)].join('-');
    else {
      m = plain.match(new RegExp(rule.words));
      const month = m ? monthNumber(m[2]) : null;
      if (month) value = `${m[3]}-${pad2(month)}` + (m[1] ? `-${pad2(m[1])}` : '');
    }
    if (value === null) {
      const year = plain.match(new RegExp(rule.any_year));
      const how = rule.how.replaceAll('{year}', year ? year[1] : '2023');
      return { value: null, problem: `”${words(text)}” går inte att läsa som en tidpunkt. ${how}` };
    }
    const why = calendarProblem(value);
    return why ? { value: null, problem: `${value} är ingen riktig tidpunkt: ${why}.` } : { value, problem: '' };
  }

  // {period, problem}: the card's period (or null when both parts are empty or one cannot be read).
  function readPeriod(startText, endText) {
    const rule = spec.period;
    let start = words(startText);
    let end = words(endText);
    const range = end ? null : start.match(new RegExp(rule.year_range)) || start.match(new RegExp(rule.range));
    if (range) {
      start = range[1].trim();
      end = range[2].trim();
    }
    if (!start && !end) return { period: null, problem: '' };
    if (!start)
      return { period: null, problem: `Skriv när det började, eller ${rule.unknown_start} om källan inte säger det.` };
    const period = {};
    if (start.toLowerCase() === rule.unknown_start) period.start = rule.unknown_start;
    else {
      const part = readPeriodPart(start);
      if (part.value === null) return { period: null, problem: part.problem };
      period.start = part.value;
    }
    if (end) {
      const part = readPeriodPart(end);
      if (part.value === null) return { period: null, problem: part.problem };
      if (period.start !== rule.unknown_start && part.value < period.start.slice(0, part.value.length))
        return { period: null, problem: `Perioden slutar (${part.value}) innan den börjar (${period.start}).` };
      period.end = part.value;
    }
    return { period, problem: '' };
  }
  window.metodbankenReadPeriod = (start, end) => readPeriod(start, end); // for the parity test with form_spec.py

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

  // ---- a searchable choice of many (form_spec chooses it for long lists, such as the municipalities) ----
  // WAI-ARIA's combobox with a list box: type to narrow the list, arrows to move, Enter to choose, Escape to
  // close. What is chosen shows as a list of removable chips; a live region says what happened.
  function fold(text) {
    return text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  }

  function searchableChoice(field, id) {
    const listId = `${id}-list`;
    const fieldset = el('fieldset', { className: 'mb-form-choices mb-form-search' }, [
      el('legend', { textContent: labelText(field) }),
    ]);
    if (field.single) fieldset.dataset.single = 'true';
    describe(fieldset, id);
    const input = el('input', {
      id,
      type: 'text',
      autocomplete: 'off',
      spellcheck: false,
      attrs: { role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId },
    });
    describe(input, id);
    const list = el('ul', {
      id: listId,
      className: 'mb-form-options',
      hidden: true,
      attrs: { role: 'listbox', 'aria-label': field.label },
    });
    const chips = el('ul', { className: 'mb-form-chips', attrs: { 'aria-label': `Valda: ${field.label}` } });
    const said = el('p', { className: 'mb-visually-hidden', attrs: { 'aria-live': 'polite' } });
    let shown = [];
    let active = -1;

    const chosen = () => Array.from(chips.querySelectorAll('[data-value]'), (chip) => chip.dataset.value);
    function matches(query) {
      const q = fold(words(query));
      const left = field.choices.filter((c) => !chosen().includes(c.id));
      if (!q) return left;
      const first = left.filter((c) => fold(c.label).startsWith(q));
      const later = left.filter(
        (c) =>
          !fold(c.label).startsWith(q) &&
          fold(c.label)
            .split(/[\s-]+/)
            .some((w) => w.startsWith(q)),
      );
      return [...first, ...later];
    }
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function open() {
      shown = matches(input.value);
      active = -1;
      list.replaceChildren(
        ...shown.map((choice, i) => {
          const option = el('li', {
            id: `${id}-option-${i}`,
            textContent: choice.label,
            attrs: { role: 'option', 'aria-selected': 'false' },
          });
          option.addEventListener('mousedown', (event) => event.preventDefault()); // the input keeps focus
          option.addEventListener('click', () => choose(choice));
          return option;
        }),
      );
      if (!shown.length) {
        // A list box holds options only; this one cannot be chosen.
        list.append(
          el('li', {
            className: 'mb-form-none',
            textContent: 'Ingen träff',
            attrs: { role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' },
          }),
        );
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      said.textContent = shown.length === 1 ? '1 träff' : `${shown.length || 'Ingen'} träffar`;
    }
    function highlight(i) {
      if (!shown.length) return;
      active = (i + shown.length) % shown.length;
      list.querySelectorAll('[role=option]').forEach((option, n) => {
        option.setAttribute('aria-selected', String(n === active));
      });
      const option = list.children[active];
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
    function settle(message) {
      said.textContent = message;
      markTouched(input);
      changed();
    }
    function addChip(choice) {
      const remove = el('button', {
        type: 'button',
        className: 'mb-form-chip-remove',
        textContent: '×',
        attrs: { 'aria-label': `Ta bort ${choice.label}` },
      });
      const chip = el('li', { className: 'mb-form-chip' }, [el('span', { textContent: choice.label }), remove]);
      chip.dataset.value = choice.id;
      remove.addEventListener('click', () => {
        chip.remove();
        input.focus();
        settle(`${choice.label} borttagen.`);
      });
      chips.append(chip);
    }
    function choose(choice) {
      if (field.single) chips.replaceChildren(); // one value (a lab's municipality): the new choice replaces it
      addChip(choice);
      input.value = '';
      close();
      input.focus();
      settle(`${choice.label} vald.`);
    }
    input.addEventListener('input', open);
    input.addEventListener('click', () => (list.hidden ? open() : close()));
    input.addEventListener('blur', close);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (list.hidden) open();
        highlight(event.key === 'ArrowDown' ? active + 1 : active < 0 ? -1 : active - 1);
      } else if (event.key === 'Enter') {
        event.preventDefault(); // never submits the form
        if (!list.hidden && active >= 0) choose(shown[active]);
        else if (!list.hidden && shown.length === 1) choose(shown[0]);
      } else if (event.key === 'Escape' && !list.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === 'Backspace' && !input.value && chips.lastElementChild) {
        chips.lastElementChild.querySelector('button').click();
      }
    });
    fieldset.append(
      helpFor(field, id),
      chips,
      el('label', { htmlFor: id, className: 'mb-form-search-label', textContent: `${field.label}: sök och välj` }),
      el('div', { className: 'mb-form-combobox' }, [input, list]),
      said,
      errorSlot(id),
    );
    return fieldset;
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
    } else if (control === 'combobox') {
      wrap.append(searchableChoice(field, id));
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
      const start = el('input', { id: `${id}-start`, type: 'text', autocomplete: 'off' });
      const end = el('input', { id: `${id}-end`, type: 'text', autocomplete: 'off' });
      start.dataset.part = 'start';
      end.dataset.part = 'end';
      fieldset.append(
        helpFor(field, id),
        el('div', { className: 'mb-form-period-parts' }, [
          el('div', {}, [el('label', { htmlFor: start.id, textContent: 'Började' }), start]),
          el('div', {}, [el('label', { htmlFor: end.id, textContent: 'Slutade (tomt om det pågår)' }), end]),
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
    if (control === 'combobox') {
      const picked = Array.from(block.querySelectorAll('.mb-form-chips [data-value]'), (chip) => chip.dataset.value);
      if (block.querySelector('.mb-form-search[data-single]')) return picked[0]; // one value, not a list
      return picked.length ? picked : undefined;
    }
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
      const start = block.querySelector('[data-part=start]').value;
      const end = block.querySelector('[data-part=end]').value;
      const { period } = readPeriod(start, end);
      if (period) return period;
      if (!start.trim() && !end.trim()) return undefined;
      // Unreadable: the words as written, so that the card is not valid until the period is (timeProblems).
      return end.trim() ? { start: start.trim(), end: end.trim() } : { start: start.trim() };
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

  // Ajv reports errors without the schema unless it runs verbose: only keyword, instancePath and params are read,
  // and none of them is taken to be there. The field's control says what is missing in the contributor's words.
  const MISSING = {
    checkboxes: 'Välj minst ett alternativ.',
    combobox: 'Välj minst ett alternativ.',
    select: 'Välj ett alternativ.',
    list: 'Skriv minst en punkt.',
    records: 'Fyll i minst en post.',
    period: 'Skriv när det började.',
  };

  function ajvMessage(error, field) {
    const p = error?.params || {};
    const limit = Number.isFinite(p.limit) ? p.limit : null;
    const missing = (field && (field.single ? MISSING.select : MISSING[field.control])) || 'Fyll i fältet.';
    switch (error?.keyword) {
      case 'required':
        return missing;
      case 'minItems':
        return limit > 1 ? missing.replace('minst en', `minst ${limit}`) : missing;
      case 'maxLength':
        return limit === null ? 'Texten är för lång.' : `Texten är för lång: högst ${limit} tecken.`;
      case 'maxItems':
        return limit === null ? 'Det är för många.' : `Det är för många: högst ${limit}.`;
      case 'minimum':
      case 'exclusiveMinimum':
        return limit === null ? 'Talet är för litet.' : `Talet är för litet: minst ${limit}.`;
      case 'maximum':
      case 'exclusiveMaximum':
        return limit === null ? 'Talet är för stort.' : `Talet är för stort: högst ${limit}.`;
      case 'enum':
      case 'const':
        return 'Välj ett av alternativen i listan.';
      case 'pattern': {
        const pattern = String(p.pattern || '');
        if (pattern === '\\S') return 'Fältet får inte vara tomt.';
        if (pattern.startsWith('^https')) return 'Skriv en webbadress som börjar med https://.';
        if (pattern.startsWith('^\\d{4}-\\d{2}-\\d{2}')) return 'Skriv datumet som år-månad-dag, t.ex. 2023-09-15.';
        if (pattern.startsWith('^\\d{4}')) return 'Skriv året, t.ex. 2023, eller år och månad, t.ex. 2023-09.';
        return 'Texten har inte den form som fältet kräver.';
      }
      case 'type':
        return p.type === 'integer' || p.type === 'number' ? 'Skriv ett heltal, bara siffror.' : 'Värdet har fel form.';
      case 'uniqueItems':
        return 'Samma sak står två gånger; ta bort den ena.';
      case 'additionalProperties':
        // An entry of several forms (a source) with fields of two of them filled in.
        if (field?.variants) {
          return `Fyll i bara ett av slagen: ${field.variants.map((v) => v.label.toLowerCase()).join(', ')}.`;
        }
        return 'Kortet har en uppgift som inte hör hemma där.';
      default:
        return 'Värdet går inte att använda här; ändra det eller lämna fältet tomt.';
    }
  }

  // An entry of several forms (field.variants) is told only what its own form lacks: the form whose first field
  // it fills in, else the first form. Ajv reports every branch of the JSON Schema's oneOf.
  function otherForm(error, data) {
    const branch = /\/oneOf\/(\d+)\//.exec(String(error.schemaPath || ''));
    if (!branch) return false;
    const [name, index] = String(error.instancePath || '')
      .split('/')
      .filter(Boolean);
    const field = cardType.fields.find((f) => f.name === name);
    if (!field?.variants) return false;
    const entry = (data[name] || [])[Number(index)] || {};
    const chosen = field.variants.findIndex((v) => entry[v.subfields[0].name] !== undefined);
    return Number(branch[1]) !== Math.max(chosen, 0);
  }

  window.metodbankenCheckMessage = (error) => ajvMessage(error, null); // for the test of odd errors

  function schemaProblems(data) {
    if (!validateCard || validateCard(data)) return [];
    const byPath = new Map();
    for (const error of validateCard.errors || []) {
      if (otherForm(error, data)) continue;
      const params = error.params || {};
      let path = String(error.instancePath ?? error.dataPath ?? '');
      if (error.keyword === 'required' && params.missingProperty) path += `/${params.missingProperty}`;
      // For a period part the message belongs to the whole period.
      path = path.replace(/\/(start|end)$/, '');
      const known = byPath.get(path);
      // anyOf and oneOf only say that no branch fitted; the branch errors say why.
      if (!known || (/^(any|one)Of$/.test(known.keyword) && !/^(any|one)Of$/.test(error.keyword))) {
        byPath.set(path, { path, keyword: error.keyword, message: ajvMessage(error, fieldAt(path).field) });
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

  // A period written so that it cannot be read says what to write instead, before the schema's general words;
  // a date or month elsewhere must exist in the calendar, as validation checks.
  function timeProblems() {
    const problems = [];
    for (const block of ui.form.querySelectorAll('.mb-form-field[data-control=period]')) {
      const { problem } = readPeriod(
        block.querySelector('[data-part=start]').value,
        block.querySelector('[data-part=end]').value,
      );
      if (problem) problems.push({ path: block.dataset.path, message: problem });
    }
    for (const block of ui.form.querySelectorAll('.mb-form-field[data-control=input]')) {
      const value = block.querySelector('input').value.trim();
      if (!spec.period.calendar_kinds.includes(block.dataset.kind) || !/^\d{4}(-\d{2}){0,2}$/.test(value)) continue;
      const why = calendarProblem(value);
      if (why) problems.push({ path: block.dataset.path, message: `${value} är ingen riktig tidpunkt: ${why}.` });
    }
    return problems;
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
    if (!id) return 'Skriv en titel; adressen bildas av den.';
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return 'Använd bara a–z, siffror och bindestreck.';
    if (id.length > spec.max_id_length) return `Högst ${spec.max_id_length} tecken.`;
    if (spec.reserved_ids.includes(id)) return 'Adressen används redan av en sida på webbplatsen; välj en annan.';
    if (spec.taken_ids.includes(id)) return 'Det finns redan ett kort med den adressen; ändra titeln eller adressen.';
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

  // form_spec.FIELD_PAIR_RULES: the needed field is missing, or has no figure, or the forbidden one is there.
  function pairRuleBroken(rule, data) {
    if (rule.forbids) return rule.forbids in data;
    if (!(rule.needs in data)) return !rule.figures;
    if (!rule.figures) return false;
    const figure = new RegExp(rule.figures.figure);
    const when = new RegExp(rule.figures.when, 'g');
    const texts = [].concat(data[rule.needs]).filter((v) => typeof v === 'string');
    return !texts.some((text) => figure.test(text.replace(when, '')));
  }

  let timer = 0;
  function changed() {
    clearTimeout(timer);
    root.dataset.checking = 'true'; // until the check has caught up with the change (tests wait on it)
    timer = setTimeout(update, CHECK_DELAY_MS);
  }

  function update() {
    delete root.dataset.checking;
    renumber(ui.fields, '');
    const titleInput = ui.form.querySelector('.mb-form-field[data-name=title] input');
    if (!idEdited) ui.id.value = cardId(oneLine(titleInput.value));
    const id = ui.id.value.trim();
    const data = collect();
    // Invisible characters pasted with the text go, as in the fields (visibleText); a lone surrogate is no text.
    const body = visibleText(ui.body.value)
      .replace(/\p{Cs}/gu, '\ufffd')
      .trim();
    const text = cardText(data, body);
    const periods = timeProblems();
    const problems = [
      ...periods,
      ...schemaProblems(data).filter((p) => !periods.some((q) => q.path === p.path)),
      ...textProblems(data, body),
    ];
    // A text of one paragraph (field_kinds' multi-paragraph): a blank line would make it two.
    for (const field of cardType.fields) {
      const value = data[field.name];
      if (field.one_paragraph && typeof value === 'string' && value.trim().includes('\n\n')) {
        problems.push({ path: `/${field.name}`, message: 'Skriv en sammanhängande text utan tomma rader.' });
      }
    }
    for (const rule of spec.pair_rules) {
      if (rule.type === typeName && data[rule.field] === rule.value && pairRuleBroken(rule, data)) {
        problems.push({ path: `/${rule.needs || rule.forbids}`, message: rule.message });
      }
    }
    const idError = idProblem(id);
    if (idError) problems.push({ path: '/_id', message: idError });
    if (new RegExp(spec.body_heading.pattern, spec.body_heading.flags).test(body))
      problems.push({ path: '/_body', message: spec.body_heading.message });
    if (body.includes(spec.body_placeholder))
      problems.push({ path: '/_body', message: `Ta bort raden '${spec.body_placeholder}'.` });
    showFieldErrors(problems);
    ui.idError.hidden = !(idError && touched.has('/title'));
    ui.idError.textContent = idError;
    ui.yaml.textContent = text;
    renderPreview(data, body);
    ui.problems.replaceChildren(
      ...problems.map((p) => {
        const where =
          p.path === '/_id' ? ID_LABEL : p.path === '/_body' ? BODY_LABEL : fieldAt(p.path).name || 'Kortet';
        return el('li', { textContent: `${where}: ${p.message}` });
      }),
    );
    ui.status.textContent = problems.length
      ? `${problems.length} ${problems.length === 1 ? 'sak' : 'saker'} kvar att rätta innan kortet kan skickas.`
      : 'Kortet är giltigt och klart att skicka.';
    ui.status.className = problems.length ? 'mb-form-status' : 'mb-form-status mb-form-status--ok';
    const ready = problems.length === 0 && validateCard !== null;
    const url = `${spec.new_file_url}${cardType.folder}?filename=${uri(`${id}.md`)}&value=${uri(text)}`;
    const mail = ui.mail ? mailto(data.title || '', text) : null;
    offer(ui.github, ready && url);
    offer(ui.mail, ready && mail && mail.href);
    offer(ui.download, ready);
    ui.longNote.hidden = !(ready && url.length > LONG_URL);
    ui.mailNote.hidden = !(ready && mail && !mail.whole);
    ui.text = text;
    ui.id.dataset.file = `${id}.md`;
  }

  // A way to send is offered only for a valid card; until then it says so and stays where it is.
  function offer(control, href) {
    if (!control) return;
    if (href) control.removeAttribute('aria-disabled');
    else control.setAttribute('aria-disabled', 'true');
    if (control.tagName !== 'A') return;
    if (href) control.href = href;
    else control.removeAttribute('href');
  }

  function sendingHelp() {
    const ways = ui.mail
      ? 'Skicka med e-post öppnar ditt eget e-postprogram med kortet i ett nytt meddelande till redaktionen; ' +
        'du skickar det själv. Skicka via GitHub kräver ett konto där.'
      : 'Skicka via GitHub kräver ett konto där; du kan också ladda ner filen och skicka den till redaktionen.';
    return `Kortet granskas av redaktionen innan det publiceras. Inget lämnar din webbläsare förrän du skickar det. ${ways}`;
  }

  // encodeURIComponent throws on a lone surrogate, which pasted text can hold: it becomes U+FFFD first.
  function uri(text) {
    return encodeURIComponent(String(text).replace(/\p{Cs}/gu, '\ufffd'));
  }

  // The mail to the editors: the whole card when the address stays within MAILTO_LIMIT, else as much of it as
  // fits, cut at a line (or within a longer one), with a request to attach the downloaded file.
  function mailto(title, text) {
    const subject = Array.from(`Förslag till Metodbanken: ${oneLine(title)}`)
      .slice(0, 80)
      .join('');
    const head = `mailto:${uri(spec.editors_email)}?subject=${uri(subject)}&body=`;
    const whole = head + uri(MAIL_INTRO + text);
    if (whole.length <= MAILTO_LIMIT) return { href: whole, whole: true };
    const tail = '\n[…]';
    let room = MAILTO_LIMIT - head.length - uri(MAIL_CUT_INTRO).length - uri(tail).length;
    let kept = '';
    for (const line of text.split('\n')) {
      const next = uri(`${line}\n`).length;
      if (next <= room) {
        kept += `${line}\n`;
        room -= next;
        continue;
      }
      for (const ch of line) {
        const size = uri(ch).length;
        if (size > room) break;
        kept += ch;
        room -= size;
      }
      break;
    }
    return { href: head + uri(MAIL_CUT_INTRO + kept + tail), whole: false };
  }

  function download() {
    if (ui.download.getAttribute('aria-disabled') === 'true') {
      ui.copyStatus.textContent = 'Rätta först det som står i listan ovan; sedan kan du ladda ner kortet.';
      return;
    }
    const blob = new Blob([ui.text], { type: 'text/markdown;charset=utf-8' });
    const link = el('a', { href: URL.createObjectURL(blob), download: ui.id.dataset.file || 'kort.md' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    ui.copyStatus.textContent = 'Kortet laddades ner som en fil. Bifoga den när du skickar kortet med e-post.';
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(ui.text);
      ui.copyStatus.textContent = 'Kortet är kopierat. Klistra in det i ett meddelande till redaktionen.';
    } catch (error) {
      ui.copyStatus.textContent =
        'Webbläsaren tillät inte kopiering; öppna Visa kortet som text, markera texten och kopiera den.';
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
    const bodyId = nextId('body');
    ui.body = describe(el('textarea', { id: bodyId, rows: 6 }), bodyId);
    ui.form = el(
      'form',
      { className: 'mb-form', noValidate: true, attrs: { 'aria-label': root.dataset.title || 'Kortet' } },
      [
        intro,
        ui.fields,
        el('div', { className: 'mb-form-field' }, [
          el('label', { htmlFor: bodyId, textContent: `${BODY_LABEL} (frivilligt)` }),
          el('p', {
            className: 'mb-form-help',
            id: `${bodyId}-help`,
            textContent: `${cardType.body_hint[0].toUpperCase()}${cardType.body_hint.slice(1)} En tom rad börjar ett nytt stycke.`,
          }),
          ui.body,
          el('p', { className: 'mb-form-error', id: `${bodyId}-error`, hidden: true }),
        ]),
        el('div', { className: 'mb-form-field' }, [
          el('label', { htmlFor: idId, textContent: ID_LABEL }),
          el('p', {
            className: 'mb-form-help',
            id: `${idId}-help`,
            textContent:
              'Slutet på kortets webbadress. Den bildas av titeln: små bokstäver a–z, siffror och bindestreck. ' +
              'Ändra den bara om formuläret ber om det.',
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
      showPeriodAsCard(event.target);
      changed();
    });
    ui.form.addEventListener('submit', (event) => event.preventDefault());

    ui.status = el('p', { className: 'mb-form-status', attrs: { role: 'status' } });
    ui.problems = el('ul', { className: 'mb-form-problems' });
    ui.mail = spec.editors_email
      ? el('a', { className: 'md-button md-button--primary', textContent: 'Skicka med e-post' })
      : null;
    ui.github = el('a', {
      className: 'md-button',
      textContent: 'Skicka via GitHub',
      rel: 'noopener',
      target: '_blank',
    });
    ui.download = el('button', { type: 'button', className: 'md-button', textContent: 'Ladda ner filen' });
    const copyButton = el('button', { type: 'button', className: 'md-button', textContent: 'Kopiera' });
    ui.download.addEventListener('click', download);
    copyButton.addEventListener('click', copy);
    ui.copyStatus = el('p', { attrs: { role: 'status' } });
    ui.mailNote = el('p', {
      className: 'mb-form-help mb-form-note',
      hidden: true,
      textContent:
        'Kortet är för långt för att få plats i ett e-postmeddelande. Meddelandet får början av kortet; ' +
        'ladda ner filen med Ladda ner filen och bifoga den innan du skickar.',
    });
    ui.longNote = el('p', {
      className: 'mb-form-help',
      hidden: true,
      textContent:
        'Kortet är långt. Om GitHub inte öppnar sidan med kortet ifyllt: ladda ner filen och ladda upp den ' +
        'på GitHub, eller skicka den med e-post.',
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
        el('div', { className: 'mb-form-actions' }, [ui.mail, ui.download, ui.github, copyButton]),
        ui.mailNote,
        ui.longNote,
        el('p', { className: 'mb-form-help', textContent: sendingHelp() }),
        ui.copyStatus,
        el('h3', { textContent: 'Så ser kortet ut' }),
        ui.rendered,
        el('details', { className: 'mb-form-text' }, [
          el('summary', { textContent: 'Visa kortet som text' }),
          el('pre', { className: 'mb-form-yaml', tabIndex: 0, attrs: { 'aria-label': 'Kortet som text' } }, [ui.yaml]),
        ]),
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

  // Once a period part is left, it shows what the card will hold ("september 2023" becomes 2023-09).
  function showPeriodAsCard(target) {
    const block = target.closest('.mb-form-field[data-control=period]');
    if (!block) return;
    const start = block.querySelector('[data-part=start]');
    const end = block.querySelector('[data-part=end]');
    const { period } = readPeriod(start.value, end.value);
    if (!period) return;
    start.value = period.start;
    end.value = period.end || '';
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
