// Progressive enhancement for the assessment page (the same behaviour as casework's case note
// autosave, for a form whose fields are not fixed): every 20 seconds, while the session lives,
// the draft is saved if it changed; a copy of what is typed is kept in this browser and
// offered back if the page is opened again before it was saved. Without JavaScript the page
// is a normal form and the server keeps a draft posted after the session expired.

const INTERVAL_MS = 20000;

function snapshot(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.type === "hidden" || el.type === "submit") continue;
    if (el.type === "checkbox" || el.type === "radio") {
      values[`${el.name}=${el.value}`] = el.checked;
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}

function restore(form, values) {
  for (const el of form.elements) {
    if (!el.name || el.type === "hidden" || el.type === "submit") continue;
    if (el.type === "checkbox" || el.type === "radio") {
      const key = `${el.name}=${el.value}`;
      if (key in values) el.checked = Boolean(values[key]);
    } else if (el.name in values) {
      el.value = values[el.name];
    }
  }
}

function storage() {
  try {
    window.localStorage.setItem("hearth-probe", "1");
    window.localStorage.removeItem("hearth-probe");
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

function setup(form) {
  const status = document.getElementById("autosave-status");
  const say = (text) => { if (status) status.textContent = text; };
  const store = storage();
  const key = form.dataset.storageKey;
  let lastSent = JSON.stringify(snapshot(form));
  let alive = true;
  let submitting = false;

  if (store && store.getItem(key)) {
    try {
      const copy = JSON.parse(store.getItem(key));
      if (JSON.stringify(copy.values) !== lastSent) {
        restore(form, copy.values);
        say("We restored text you typed in this browser that had not been saved. Check it, then save.");
      }
    } catch (error) {
      store.removeItem(key);
    }
  }
  const keepLocal = () => {
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify({ values: snapshot(form), savedAt: Date.now() }));
    } catch (error) { /* storage full or blocked: the server copy still works */ }
  };
  form.addEventListener("input", keepLocal);
  form.addEventListener("change", keepLocal);
  form.addEventListener("submit", () => { submitting = true; });

  const save = async () => {
    if (!alive || submitting) return;
    const current = JSON.stringify(snapshot(form));
    if (current === lastSent) return;
    const body = new FormData(form);
    body.delete("submit");
    body.delete("save_draft");
    let response;
    try {
      response = await fetch(form.dataset.autosaveUrl, {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }, redirect: "manual",
      });
    } catch (error) {
      say("Could not reach Hearth to save your draft. Your text is kept in this browser.");
      return;
    }
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      alive = false;
      say("Your session has ended. Your text is kept in this browser: save the assessment to sign in again and keep it.");
      return;
    }
    const result = await response.json().catch(() => ({}));
    if (!response.ok) {
      say(result.message || "Your draft could not be saved automatically. Save it with the button below.");
      if (response.status === 409) alive = false;
      return;
    }
    lastSent = current;
    form.elements.namedItem("version").value = result.version;
    if (store) store.removeItem(key);
    say(`Draft saved automatically at ${result.savedAt}.`);
  };
  window.setInterval(save, INTERVAL_MS);
}

const form = document.querySelector('form[data-module="assessment-autosave"]');
if (form) setup(form);
