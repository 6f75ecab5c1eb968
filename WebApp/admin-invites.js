// The Invites section of the admin page (admin.html loads this file after its own script, whose helpers it uses:
// el, cell, badge, timeNode, errorNode, facts, replaceRows, setText, notify, answerError, getJson, api, model...).
// Routes: GET/POST /ratatoskr/invites, GET/DELETE /ratatoskr/invites/{id}, POST .../extend and .../finish
// (README, "Invites"). The invite's link (with its secret) is in the answer of the POST only: it is shown once, in
// the "Invite created" panel, and kept nowhere else (not in `invites`, not in the URL, not in storage).
'use strict';

(() => {
  const invites = {
    list: null, error: '', open: new Set(), details: new Map(), busy: new Set(),
    profileNames: '', destinationNames: '', defaultsShown: false, visible: true,
  };

  const KIND_WORDS = { dicom: 'DICOM', image: 'pictures', pdf: 'PDF', video: 'video' };

  // --- words -----------------------------------------------------------------------------------------------------

  function inviteState(invite) {
    switch (invite.State) {
      case 'Active': return ['Active', 'ok', 'The link works: the collaborator can upload'];
      case 'Expired': return ['Expired', 'warn', 'Past its expiry: extend it to let the collaborator upload again'];
      case 'Revoked': return ['Revoked', 'idle', 'Withdrawn by an admin: the link no longer works'];
      case 'Exhausted': return ['Exhausted', 'warn', 'A limit of files or size is reached: the link accepts no more files'];
      default: return [String(invite.State), 'idle', ''];
    }
  }

  function uploadState(upload) {
    return upload.State === 'Open'
      ? ['Receiving', 'busy', 'Files are arriving; Finish (the collaborator\'s, yours, or after the idle time) sends it on']
      : ['Finished', 'ok', 'Closed: each of its studies was handed to delivery'];
  }

  // 1536 -> "1.5 KB" (binary units, as the limits are set).
  function sizeText(bytes) {
    if (bytes === null || bytes === undefined) return '';
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let value = Number(bytes);
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
    return value.toFixed(digits) + ' ' + units[unit];
  }

  const PLURALS = { study: 'studies', delivery: 'deliveries' };
  function count(n, word) {
    return Number(n).toLocaleString('en') + ' ' + (Number(n) === 1 ? word : PLURALS[word] || word + 's');
  }

  // "in 3 days" / "2 h ago": the relative half of a time that may be past or future.
  function relative(text) {
    const ms = parseTime(text);
    if (ms === null) return '';
    const seconds = Math.round((ms - Date.now()) / 1000);
    const size = Math.abs(seconds);
    const amount = size < 90 ? size + ' s' : size < 90 * 60 ? Math.round(size / 60) + ' min'
      : size < 36 * 3600 ? Math.round(size / 3600) + ' h' : Math.round(size / 86400) + ' days';
    return seconds >= 0 ? 'in ' + amount : amount + ' ago';
  }

  function expiryNode(invite) {
    if (invite.State === 'Revoked') {
      return el('span', {}, el('span', { class: 'muted' }, 'revoked '), timeNode(invite.RevokedAt));
    }
    return el('span', {}, el('time', { datetime: invite.ExpiresAt, title: invite.ExpiresAt }, formatTime(invite.ExpiresAt)),
              el('div', { class: 'small muted' }, relative(invite.ExpiresAt)));
  }

  function useNode(invite) {
    const used = invite.Used || {};
    const limits = invite.Limits || {};
    // "3 of 10,000 files", red once the limit is reached; "1 study (no limit)".
    const line = (value, limit, usedText, limitText) => el('div', {
      class: 'use-line' + (limit && value >= limit ? ' full' : ''),
      title: limit && value >= limit ? 'Limit reached: the link accepts no more' : null,
    }, limit ? usedText + ' of ' + limitText : usedText + ' (no limit)');
    const files = used.Files || 0;
    const studies = used.Studies || 0;
    return el('div', {},
      line(files, limits.MaxFiles, Number(files).toLocaleString('en'), count(limits.MaxFiles, 'file')),
      line(used.Bytes || 0, limits.MaxBytes, sizeText(used.Bytes || 0), sizeText(limits.MaxBytes)),
      limits.MaxStudies ? line(studies, limits.MaxStudies, String(studies), count(limits.MaxStudies, 'study'))
                        : line(studies, null, count(studies, 'study')));
  }

  function courseNode(invite) {
    const course = invite.Metadata && invite.Metadata.CourseId;
    const node = el('div', {}, course !== undefined && course !== null && course !== ''
      ? el('strong', {}, String(course)) : el('span', { class: 'muted' }, 'no course'));
    if (invite.Note) node.append(el('div', { class: 'small muted wrap', title: invite.Note }, shortNote(invite.Note)));
    return node;
  }

  function shortNote(text) {
    return text.length > 90 ? text.substring(0, 88) + '…' : text;
  }

  // --- buttons -----------------------------------------------------------------------------------------------------

  // As actionButton() of the page, with its own data attribute: the page's click listener leaves it alone.
  function inviteButton(id, action, text, label, options = {}) {
    const key = 'invite:' + id + ':' + action;
    const busy = invites.busy.has(key);
    return el('button', {
      type: 'button', class: options.className || null, 'data-invite-action': action, 'data-id': id, 'data-key': key,
      'aria-label': label, 'aria-expanded': options.expanded, 'aria-controls': options.controls,
      'aria-disabled': busy ? 'true' : null, 'aria-busy': busy ? 'true' : null,
    }, text);
  }

  function label(invite) {
    const course = invite.Metadata && invite.Metadata.CourseId;
    return 'invite ' + invite.ID + (course ? ' (course ' + course + ')' : '');
  }

  // --- the list ----------------------------------------------------------------------------------------------------

  function renderList() {
    const list = invites.list;
    if (!list) return;
    const rows = [];
    for (const invite of list) {
      const key = 'invite:' + invite.ID;
      const open = invites.open.has(invite.ID);
      const tr = el('tr', { id: 'invite-' + invite.ID, 'data-row': key, 'data-id': invite.ID, 'data-state': invite.State,
                            class: open ? 'open' : null });
      tr.append(cell('Created', timeNode(invite.CreatedAt), 'time'));
      tr.append(cell('State', badge(inviteState(invite))));
      tr.append(cell('Course', courseNode(invite), 'span2'));
      tr.append(cell('Profile', invite.Profile));
      tr.append(cell('Destination', invite.Destination || el('span', { class: 'muted' }, 'none: store only')));
      tr.append(cell('Expires', expiryNode(invite), 'nowrap'));
      tr.append(cell('Use', useNode(invite), 'num'));
      tr.append(cell('Uploads', String(invite.Uploads), 'num'));
      const actions = cell(null, inviteButton(invite.ID, 'details', open ? 'Hide details' : 'Details',
                                              (open ? 'Hide details of ' : 'Details of ') + label(invite),
                                              { expanded: open ? 'true' : 'false',
                                                controls: open ? 'invite-detail-' + invite.ID : null }), 'actions');
      if (invite.State !== 'Revoked') {
        actions.append(inviteButton(invite.ID, 'extend', 'Extend', 'Extend ' + label(invite)));
        actions.append(inviteButton(invite.ID, 'revoke', 'Revoke', 'Revoke ' + label(invite), { className: 'danger' }));
      }
      tr.append(actions);
      rows.push(tr);
      if (open) rows.push(detailRow('invite', invite.ID, 9, inviteDetail(invites.details.get(invite.ID))));
    }
    if (list.length === 0) {
      rows.push(emptyRow(9, 'No invite yet: create one above and send its link to the collaborator.'));
    }
    replaceRows(document.getElementById('invites'), rows);
    setText('invites-summary', countWords(list, (i) => inviteState(i)[0]));
    setText('invites-count', String(list.length));
  }

  // --- the detail view: the invite's uploads through storage, delivery and webhooks ---------------------------------

  function inviteDetail(loaded) {
    if (!loaded) return el('p', { class: 'muted' }, 'Loading the details…');
    if (loaded.error) return el('p', { class: 'error-text' }, 'Could not load the details: ' + loaded.error);
    const invite = loaded.data;
    const body = el('div', { class: 'detail-body' });
    const metadata = Object.entries(invite.Metadata || {});
    const limits = invite.Limits || {};
    body.append(facts([
      ['Invite', el('code', {}, invite.ID)],
      ['Created', timeNode(invite.CreatedAt)],
      ['Expires', el('span', {}, formatTime(invite.ExpiresAt) + ' (' + relative(invite.ExpiresAt) + ')')],
      ['Revoked', invite.RevokedAt ? timeNode(invite.RevokedAt) : null],
      ['Metadata sent with each case', metadata.length
        ? el('span', {}, ...metadata.map(([k, v]) => el('span', { class: 'chip' }, k + ' = ' + v))) : 'none'],
      ['Allowed files', (limits.AllowedKinds || []).map((k) => KIND_WORDS[k] || k).join(', ')],
      ['Limits', [count(limits.MaxFiles, 'file'), sizeText(limits.MaxBytes),
                  limits.MaxStudies ? count(limits.MaxStudies, 'study') : 'any number of studies']
        .join(' · ')],
      ['Note for the collaborator', invite.Note || null],
    ]));
    const uploads = invite.Uploads || [];
    const block = el('div', {}, el('h4', {}, uploads.length ? 'Uploads (' + uploads.length + ')' : 'Uploads'));
    if (uploads.length === 0) {
      block.append(el('p', { class: 'muted' }, invite.State === 'Active'
        ? 'Nothing received yet: an upload starts with the first file the collaborator sends.'
        : 'Nothing was received through this link.'));
    }
    for (const upload of uploads) block.append(uploadNode(invite, upload));
    body.append(block);
    return body;
  }

  function uploadNode(invite, upload) {
    const node = el('div', { class: 'upload', id: 'upload-' + upload.ID, 'data-upload': upload.ID, 'data-state': upload.State });
    const head = el('div', { class: 'upload-head' },
      el('strong', {}, 'Upload ', el('code', {}, upload.ID)), badge(uploadState(upload)),
      el('span', { class: 'grow' }, count(upload.Files, 'file') + ' · ' + sizeText(upload.Bytes)));
    if (upload.State === 'Open') {
      head.append(inviteButton(invite.ID, 'finish', 'Finish now', 'Finish upload ' + upload.ID + ' of ' + label(invite) +
                               ' now', { className: 'primary' }));
    }
    node.append(head);
    node.append(facts([
      ['Started', timeNode(upload.CreatedAt)],
      ['Last file', timeNode(upload.LastFileAt)],
      ['Finished', upload.FinishedAt ? timeNode(upload.FinishedAt) : el('span', { class: 'muted' }, 'not yet')],
      ['Stored studies', (upload.Studies || []).length
        ? el('span', {}, ...upload.Studies.map((s) => el('span', {}, studyLink(s), ' '))) : null],
    ]));
    node.append(stepsNode(invite, upload));
    if (upload.Error) node.append(el('div', {}, el('h5', {}, 'Why a study could not be handed to delivery'), errorNode(upload.Error, true)));

    const deliveries = upload.Deliveries || [];
    if (deliveries.length) {
      node.append(el('h5', {}, 'Deliveries'));
      const rows = el('tbody');
      for (const delivery of deliveries) {
        rows.append(el('tr', { 'data-delivery': delivery.ID, 'data-state': delivery.State },
          el('td', {}, el('a', { href: '#delivery-' + delivery.ID, title: delivery.ID }, short(delivery.ID, 12))),
          el('td', {}, delivery.Destination),
          el('td', {}, badge(deliveryState(delivery))),
          el('td', { class: 'num nowrap' }, delivery.ConfirmedCount + ' of ' + delivery.InstanceCount + ' confirmed'),
          el('td', { class: 'error' }, delivery.State === 'Delivered' ? '' : errorNode(delivery.LastError, true) || '')));
      }
      node.append(el('table', {}, el('thead', {}, el('tr', {}, ...['Delivery', 'Destination', 'State', 'Instances',
        'Last error'].map((t) => el('th', { scope: 'col' }, t)))), rows));
    }
    const events = [...deliveries.flatMap((d) => (d.Webhooks || []).map((e) => ({ ...e, of: d.ID }))),
                    ...(upload.Webhooks || []).map((e) => ({ ...e, of: upload.ID }))];
    if (events.length) {
      node.append(el('h5', {}, 'Webhook events'));
      const rows = el('tbody');
      for (const entry of events) {
        rows.append(el('tr', { 'data-event': entry.ID, 'data-state': entry.State },
          el('td', {}, el('code', {}, entry.Event), el('div', { class: 'small muted' },
            entry.of.startsWith('dlv_') ? 'of delivery ' + short(entry.of, 12) : 'of this upload')),
          el('td', {}, entry.Webhook),
          el('td', {}, badge(outboxState(entry))),
          el('td', { class: 'num' }, String(entry.Attempts)),
          el('td', { class: 'error' }, lastAnswerNode(entry))));
      }
      node.append(el('table', {}, el('thead', {}, el('tr', {}, ...['Event', 'Webhook', 'State', 'Attempts',
        'Last answer'].map((t) => el('th', { scope: 'col' }, t)))), rows));
    }
    return node;
  }

  // Storage -> delivery -> webhooks, one badge each: where the case is now.
  function stepsNode(invite, upload) {
    const steps = el('ul', { class: 'steps', 'aria-label': 'Where upload ' + upload.ID + ' is' });
    const step = (name, state) => steps.append(el('li', {}, el('span', { class: 'muted' }, name), badge(state)));
    step('Storage', upload.State === 'Open' ? ['receiving files', 'busy', ''] : [count(upload.Files, 'file') + ' stored', 'ok', '']);
    const deliveries = upload.Deliveries || [];
    if (upload.State === 'Open') {
      step('Delivery', ['after Finish', 'idle', '']);
    } else if (!invite.Destination) {
      step('Delivery', ['none: store only', 'idle', 'The invite has no destination']);
    } else if (deliveries.length === 0) {
      step('Delivery', upload.Error ? ['not started', 'bad', ''] : ['none', 'idle', '']);
    } else {
      const states = deliveries.map(deliveryState);
      const worst = states.find((s) => s[1] === 'bad') || states.find((s) => s[1] === 'busy') || states[0];
      step('Delivery', [deliveries.length > 1 ? worst[0] + ' (' + deliveries.length + ' studies)' : worst[0], worst[1], worst[2]]);
    }
    const events = [...deliveries.flatMap((d) => d.Webhooks || []), ...(upload.Webhooks || [])];
    if (events.length) {
      const states = events.map(outboxState);
      const worst = states.find((s) => s[1] === 'bad') || states.find((s) => s[1] === 'warn') ||
                    states.find((s) => s[1] === 'busy') || states[0];
      const sent = events.filter((e) => e.State === 'Delivered').length;
      step('Webhooks', [sent === events.length ? 'all ' + events.length + ' sent' : worst[0] + ' (' + sent + ' of ' +
                        events.length + ' sent)', worst[1], worst[2]]);
    } else if (upload.State !== 'Open') {
      step('Webhooks', ['none', 'idle', 'No webhook event for this upload']);
    }
    return steps;
  }

  // --- the creation form ---------------------------------------------------------------------------------------------

  const form = () => document.getElementById('invite-form');
  const field = (id) => document.getElementById(id);

  // The selects follow the configuration (profiles, destinations) without losing the admin's choice.
  function renderForm() {
    const system = model.system;
    const profiles = model.profiles;
    if (profiles) {
      const names = Object.keys(profiles);
      if (names.join('\n') !== invites.profileNames) {
        const select = field('invite-profile');
        const chosen = select.value || (system && system.DefaultProfile);
        // The default profile is the option's default: what the form's reset comes back to.
        select.replaceChildren(...names.map((name) => el('option', { value: name,
            selected: system && name === system.DefaultProfile, title: profiles[name].Description || null },
          name + ' v' + profiles[name].Version + (system && name === system.DefaultProfile ? ' (default)' : ''))));
        if (names.includes(chosen)) select.value = chosen;
        invites.profileNames = names.join('\n');
      }
    }
    if (system) {
      const names = system.Destinations || [];
      if (names.join('\n') !== invites.destinationNames || !field('invite-destination').options.length) {
        const select = field('invite-destination');
        const chosen = invites.destinationNames === '' ? names[0] : select.value;
        select.replaceChildren(...names.map((name, i) => el('option', { value: name, selected: i === 0 }, name)),
                               el('option', { value: '' }, 'none: store only'));
        select.value = names.includes(chosen) ? chosen : (chosen === '' ? '' : names[0] || '');
        invites.destinationNames = names.join('\n') || '-';
      }
      const policy = system.Invites || {};
      if (!invites.defaultsShown && policy.DefaultMaxFiles) {
        field('invite-max-files').placeholder = String(policy.DefaultMaxFiles);
        setText('invite-max-files-hint', 'Empty: ' + Number(policy.DefaultMaxFiles).toLocaleString('en') + ' (the default)');
        field('invite-max-size').placeholder = String(policy.DefaultMaxBytes / 1073741824);
        setText('invite-max-size-hint', 'Empty: ' + sizeText(policy.DefaultMaxBytes) + ' (the default); one file at most ' +
                sizeText(policy.MaxFileBytes));
        setText('invite-expires-hint', 'At most ' + hoursText(policy.MaxExpiresInHours));
        // As the inputs' defaults (defaultValue, defaultSelected): the form's reset comes back to them.
        const days = policy.DefaultExpiresInHours % 24 === 0;
        field('invite-expires').defaultValue = String(days ? policy.DefaultExpiresInHours / 24 : policy.DefaultExpiresInHours);
        for (const option of field('invite-expires-unit').options) option.defaultSelected = option.value === (days ? '24' : '1');
        field('invite-expires').value = field('invite-expires').defaultValue;
        field('invite-expires-unit').value = days ? '24' : '1';
        invites.defaultsShown = true;
      }
      const off = field('invites-unavailable');
      const unavailable = policy.Available === false;
      off.hidden = !unavailable;
      setText('invites-unavailable', unavailable
        ? 'Invites cannot be created: the public listener is off, so a link would lead nowhere. Enable ' +
          '"Ratatoskr.Public" in the configuration (README, "Public listener").' : '');
    }
  }

  function hoursText(hours) {
    return hours % 24 === 0 ? count(hours / 24, 'day') : count(hours, 'hour');
  }

  // The form as the route's body; throws an Error naming the field (which gets aria-invalid and the focus).
  function readForm() {
    for (const node of form().querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    const problem = (id, words) => {
      const node = field(id);
      node.setAttribute('aria-invalid', 'true');
      const error = new Error(words);
      error.field = node;
      return error;
    };
    const whole = (id, words) => {
      const text = field(id).value.trim();
      if (text === '') return null;
      const n = Number(text);
      if (!Number.isInteger(n) || n <= 0) throw problem(id, words + ' must be a whole number above 0.');
      return n;
    };
    const body = { Profile: field('invite-profile').value || null };
    body.Destination = field('invite-destination').value || null;   // null: stored only, never delivered
    const metadata = {};
    const course = field('invite-course').value.trim();
    if (course) metadata.CourseId = course;
    const lines = field('invite-metadata').value.split('\n').map((l) => l.trim()).filter(Boolean);
    for (const line of lines) {
      const at = line.search(/[=:]/);
      const key = at > 0 ? line.substring(0, at).trim() : '';
      if (!key) throw problem('invite-metadata', 'Other metadata: write each line as "Key = value" ("' + line + '").');
      if (key in metadata) throw problem('invite-metadata', 'Other metadata: "' + key + '" is given twice.');
      metadata[key] = line.substring(at + 1).trim();
    }
    if (Object.keys(metadata).length) body.Metadata = metadata;
    const expires = whole('invite-expires', 'Expires in');
    if (expires === null) throw problem('invite-expires', 'Expires in: say how long the link works.');
    body.ExpiresInHours = expires * Number(field('invite-expires-unit').value);
    const files = whole('invite-max-files', 'Max files');
    if (files !== null) body.MaxFiles = files;
    const sizeTextValue = field('invite-max-size').value.trim();
    if (sizeTextValue !== '') {
      const size = Number(sizeTextValue);
      if (!(size > 0)) throw problem('invite-max-size', 'Max size must be a number above 0.');
      body.MaxBytes = Math.round(size * Number(field('invite-max-size-unit').value));
    }
    const studies = whole('invite-max-studies', 'Max studies');
    if (studies !== null) body.MaxStudies = studies;
    const kinds = Array.from(form().querySelectorAll('input[name=kind]:checked'), (box) => box.value);
    if (kinds.length === 0) {
      const first = form().querySelector('input[name=kind]');
      const error = new Error('Allowed files: tick at least one kind.');
      error.field = first;
      throw error;
    }
    body.AllowedKinds = kinds;
    const note = field('invite-note').value.trim();
    if (note) body.Note = note;
    return body;
  }

  async function sendJson(method, path, body) {
    const response = await fetch(api + path, {
      method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(await answerError(response));
    return response.json();
  }

  let creating = false;
  async function create(event) {
    event.preventDefault();
    if (creating) return;
    setText('invite-form-error', '');
    let body;
    try {
      body = readForm();
    } catch (e) {
      setText('invite-form-error', e.message);
      if (e.field) e.field.focus();
      return;
    }
    creating = true;
    const button = field('invite-create');
    button.setAttribute('aria-disabled', 'true');
    button.textContent = 'Creating…';
    try {
      const created = await sendJson('POST', 'invites', body);
      showCreated(created);
      form().reset();
    } catch (e) {
      setText('invite-form-error', 'Could not create the invite: ' + e.message);
    } finally {
      creating = false;
      button.removeAttribute('aria-disabled');
      button.textContent = 'Create invite';
    }
    await refresh();
  }

  // The link, once: in this panel until "Done" (or the next invite), nowhere else.
  function showCreated(created) {
    const panel = field('invite-created');
    const course = created.Metadata && created.Metadata.CourseId;
    field('invite-created-summary').replaceChildren(
      'Invite ', el('code', {}, created.ID), course ? ' for course ' : '', course ? el('strong', {}, String(course)) : '',
      ' (profile ', created.Profile, ', ', created.Destination ? 'sent to ' + created.Destination : 'stored only',
      ') works until ', el('time', { datetime: created.ExpiresAt, title: created.ExpiresAt },
                          formatTime(created.ExpiresAt)), ' (' + relative(created.ExpiresAt) + ').');
    field('invite-link').value = created.Url;
    setText('invite-copy-status', '');
    panel.hidden = false;
    panel.focus();
    field('invite-link').select();
  }

  function hideCreated() {
    field('invite-link').value = '';
    field('invite-created').hidden = true;
    setText('invite-copy-status', '');
    field('invite-course').focus();
  }

  async function copyLink() {
    const input = field('invite-link');
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(input.value);
        copied = true;
      }
    } catch (e) { /* refused (permission, no focus): the old way below */ }
    if (!copied) {
      input.focus();
      input.select();
      try { copied = document.execCommand('copy'); } catch (e) { copied = false; }
    }
    setText('invite-copy-status', copied ? 'Copied to the clipboard.'
      : 'Could not copy by itself: the link is selected, press Ctrl+C (⌘C on a Mac).');
    if (!copied) { input.focus(); input.select(); }
  }

  // --- revoke, extend, finish ------------------------------------------------------------------------------------

  // A modal <dialog> of the page (not the browser's confirm()): answers true on OK, with the inputs' values.
  function ask(title, content, okText, okClass) {
    const dialog = field('invite-dialog');
    setText('invite-dialog-title', title);
    field('invite-dialog-body').replaceChildren(...content);
    const ok = field('invite-dialog-ok');
    ok.textContent = okText;
    ok.className = okClass;
    return new Promise((resolve) => {
      const done = (answer) => {
        dialog.removeEventListener('close', onClose);
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      const onClose = () => done(dialog.returnValue === 'ok');
      dialog.addEventListener('close', onClose);
      field('invite-dialog-cancel').onclick = () => { dialog.returnValue = 'cancel'; dialog.close(); };
      field('invite-dialog-form').onsubmit = (event) => {
        event.preventDefault();
        const invalid = dialog.querySelector('input:invalid');
        if (invalid) { invalid.setAttribute('aria-invalid', 'true'); invalid.focus(); return; }
        dialog.returnValue = 'ok';
        dialog.close();
      };
      dialog.returnValue = '';
      dialog.showModal();
      (dialog.querySelector('#invite-dialog-body input') || field('invite-dialog-cancel')).focus();
    });
  }

  function findInvite(id) {
    return (invites.list || []).find((i) => i.ID === id) || { ID: id, Metadata: {} };
  }

  async function run(id, action, request, done, failed) {
    const key = 'invite:' + id + ':' + action;
    invites.busy.add(key);
    render();
    try {
      const answer = await request();
      if (invites.open.has(id)) invites.details.set(id, { data: answer });
      notify(done(answer), false);
    } catch (e) {
      notify('Could not ' + failed + ' invite ' + short(id, 12) + ': ' + e.message, true);
    } finally {
      invites.busy.delete(key);
    }
    await refresh();
  }

  async function revoke(id) {
    const invite = findInvite(id);
    const course = invite.Metadata && invite.Metadata.CourseId;
    const yes = await ask('Revoke this invite?', [
      el('p', {}, 'Invite ', el('code', {}, id), course ? ' for course ' + course : '', '.'),
      el('p', {}, 'Its link stops working at once: the collaborator\'s page and any upload in flight are refused. ' +
                  'What was already received stays, and is delivered as usual. This cannot be undone.')],
      'Revoke', 'danger');
    if (!yes) return;
    await run(id, 'revoke', () => sendJson('DELETE', 'invites/' + encodeURIComponent(id)),
              () => 'Invite ' + short(id, 12) + ' revoked: its link no longer works.', 'revoke');
  }

  async function extend(id) {
    const invite = findInvite(id);
    const policy = (model.system && model.system.Invites) || {};
    const amount = el('input', { type: 'number', min: '1', step: '1', value: '7', required: true, id: 'invite-extend-amount',
                                 'aria-label': 'Expires in (number)' });
    const unit = el('select', { id: 'invite-extend-unit', 'aria-label': 'Expires in (unit)' },
                    el('option', { value: '1' }, 'hours'), el('option', { value: '24', selected: true }, 'days'));
    const yes = await ask('Extend this invite', [
      el('p', {}, 'Invite ', el('code', {}, id), ' expires ' + (invite.ExpiresAt ? relative(invite.ExpiresAt) + ' (' +
                  formatTime(invite.ExpiresAt) + ')' : '') + '. The new expiry counts from now.'),
      el('label', { class: 'field' }, 'Expires in', el('span', { class: 'pair' }, amount, unit),
         policy.MaxExpiresInHours ? el('span', { class: 'field-hint' }, 'At most ' + hoursText(policy.MaxExpiresInHours)) : null)],
      'Extend', 'primary');
    if (!yes) return;
    const hours = Number(amount.value) * Number(unit.value);
    await run(id, 'extend', () => sendJson('POST', 'invites/' + encodeURIComponent(id) + '/extend', { ExpiresInHours: hours }),
              (answer) => 'Invite ' + short(id, 12) + ' now expires ' + relative(answer.ExpiresAt) + ' (' +
                          formatTime(answer.ExpiresAt) + ').', 'extend');
  }

  async function finish(id) {
    await run(id, 'finish', () => sendJson('POST', 'invites/' + encodeURIComponent(id) + '/finish', {}),
              (answer) => {
                const upload = (answer.Uploads || []).find((u) => u.State === 'Finished' && u.FinishedAt) || {};
                const n = (upload.Deliveries || []).length;
                return 'Upload ' + short(upload.ID || '', 12) + ' of invite ' + short(id, 12) + ' finished' +
                       (n ? ': ' + count(n, 'delivery') + ' started.' : '.');
              }, 'finish the upload of');
  }

  async function toggle(id) {
    if (invites.open.has(id)) {
      invites.open.delete(id);
      invites.details.delete(id);
      render();
      return;
    }
    invites.open.add(id);
    render();
    await loadDetail(id);
    render();
  }

  async function loadDetail(id) {
    try {
      invites.details.set(id, { data: await getJson('invites/' + encodeURIComponent(id)) });
    } catch (e) {
      invites.details.set(id, { error: e.message });
    }
  }

  // --- with the page's refresh --------------------------------------------------------------------------------------

  async function load() {
    try {
      invites.list = await getJson('invites');
      invites.error = '';
    } catch (e) {
      invites.error = e.message;
    }
    // Open detail views are followed while the section is on screen (each costs a few queries).
    if (invites.visible && document.visibilityState !== 'hidden') {
      await Promise.all(Array.from(invites.open, loadDetail));
    }
    for (const id of Array.from(invites.open)) {
      if (invites.list && !invites.list.some((i) => i.ID === id)) {
        invites.open.delete(id);
        invites.details.delete(id);
      }
    }
  }

  function render() {
    renderForm();
    renderList();
    setText('invites-error', invites.error ? 'Could not load the invites: ' + invites.error : '');
  }

  form().addEventListener('submit', create);
  field('invite-copy').addEventListener('click', copyLink);
  field('invite-created-close').addEventListener('click', hideCreated);
  document.getElementById('invites').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-invite-action]');
    if (!button || button.getAttribute('aria-disabled') === 'true') return;
    const { id } = button.dataset;
    const action = button.dataset.inviteAction;
    if (action === 'details') toggle(id);
    else if (action === 'revoke') revoke(id);
    else if (action === 'extend') extend(id);
    else if (action === 'finish') finish(id);
  });
  if ('IntersectionObserver' in window) {
    new IntersectionObserver((entries) => {
      for (const entry of entries) invites.visible = entry.isIntersecting;
    }).observe(document.getElementById('invites-section'));
  }

  addSection({ load, render });
})();
