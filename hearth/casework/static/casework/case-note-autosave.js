// Progressive enhancement for the case note page (loaded by that page only).
// - Every 20 seconds, while the session is alive, saves the draft to the server if it changed.
// - Keeps a copy of what is typed in this browser (localStorage), so text survives a lost
//   connection or an expired session; offers it back when the page is opened again.
// Without JavaScript the page works as a normal form; the server keeps a draft posted after
// the session expired (see hearth/casework/recovery.py).

const INTERVAL_MS = 20000;
const KEEP_LOCAL_DAYS = 7;
const FIELDS = ["note_type", "contact_date-day", "contact_date-month", "contact_date-year",
  "subject", "who_was_seen", "child_seen", "child_seen_alone", "significant", "body"];

function readFields(form) {
  const values = {};
  for (const name of FIELDS) {
    const el = form.elements.namedItem(name);
    if (!el) continue;
    values[name] = el.type === "checkbox" ? el.checked : el.value;
  }
  return values;
}

function writeFields(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const el = form.elements.namedItem(name);
    if (!el) continue;
    if (el.type === "checkbox") el.checked = Boolean(value);
    else el.value = value;
  }
}

function storage() {
  try {
    const probe = "hearth-probe";
    window.localStorage.setItem(probe, probe);
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

function forgetOldCopies(store) {
  const cutoff = Date.now() - KEEP_LOCAL_DAYS * 24 * 60 * 60 * 1000;
  for (let i = store.length - 1; i >= 0; i -= 1) {
    const key = store.key(i);
    if (!key || !key.startsWith("hearth-case-note:")) continue;
    try {
      if ((JSON.parse(store.getItem(key)).savedAt || 0) < cutoff) store.removeItem(key);
    } catch (error) {
      store.removeItem(key);
    }
  }
}

function setup(form) {
  const status = document.getElementById("autosave-status");
  const say = (text) => { if (status) status.textContent = text; };
  const store = storage();
  let key = form.dataset.storageKey;
  let lastSent = JSON.stringify(readFields(form));
  let sessionAlive = true;
  let submitting = false;

  if (store) {
    forgetOldCopies(store);
    const raw = store.getItem(key);
    if (raw) {
      try {
        const copy = JSON.parse(raw);
        if (JSON.stringify(copy.values) !== lastSent && copy.values.body) {
          writeFields(form, copy.values);
          say("We restored text you typed in this browser that had not been saved. Check it, then save.");
        }
      } catch (error) {
        store.removeItem(key);
      }
    }
  }

  const keepLocal = () => {
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify({ values: readFields(form), savedAt: Date.now() }));
    } catch (error) { /* storage full or blocked: the server copy still works */ }
  };
  form.addEventListener("input", keepLocal);
  form.addEventListener("change", keepLocal);
  let inFlight = null;
  form.addEventListener("submit", (event) => {
    if (inFlight) {
      // Let a running autosave finish first, so the form carries the version it produced.
      event.preventDefault();
      const submitter = event.submitter;
      inFlight.finally(() => form.requestSubmit(submitter));
      return;
    }
    submitting = true;
  });

  const send = async () => {
    if (!sessionAlive || submitting) return;
    const current = JSON.stringify(readFields(form));
    if (current === lastSent) return;
    const body = new FormData(form);
    body.delete("finalise");
    body.delete("save_draft");
    let response;
    try {
      response = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        redirect: "manual",
      });
    } catch (error) {
      say("Could not reach Hearth to save your draft. Your text is kept in this browser.");
      return;
    }
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      sessionAlive = false;
      say("Your session has ended. Your text is kept in this browser: save the note to sign in again and keep it.");
      return;
    }
    const result = await response.json().catch(() => ({}));
    if (!response.ok) {
      say(result.message || "Your draft could not be saved automatically. Save it with the button below.");
      if (response.status === 409) sessionAlive = false;
      return;
    }
    lastSent = current;
    if (!result.saved) return;
    form.elements.namedItem("version").value = result.version;
    const noteId = form.elements.namedItem("note_id");
    if (noteId && !noteId.value) {
      noteId.value = result.noteId;
      form.action = result.url;
      if (store) {
        const newKey = key.replace(/:new$/, `:${result.noteId}`);
        store.removeItem(key);
        key = newKey;
        keepLocal();
      }
      window.history.replaceState(null, "", result.url);
    }
    say(`Draft saved automatically at ${result.savedAt}.`);
  };
  const save = () => {
    if (inFlight) return;
    inFlight = send().finally(() => { inFlight = null; });
  };
  window.setInterval(save, INTERVAL_MS);
}

const form = document.querySelector('form[data-module="case-note-autosave"]');
if (form) setup(form);
