// The session timeout warning (GOV.UK modal dialog pattern) and keeping typed text.
// - Opens a modal dialog `data-warning-seconds` before the server would end an idle session,
//   with a countdown; "Stay signed in" (or Escape) renews the session and closes it.
// - When time runs out, every form the user typed into is copied to this browser's storage,
//   then the session is ended (POST to accounts:timed_out, whatever else kept it alive, such as
//   an autosave) and the browser goes to the sign-in page, which brings the user back to the
//   same page; that page puts the text back and says so. Copies older than 12 hours are dropped.
// Without JavaScript nothing here runs: the server still ends the session after the idle
// time, and the forms that autosave keep a draft on the server (hearth/casework/recovery.py).

const KEY_PREFIX = "hearth-kept-form:";
const MAX_AGE_MS = 12 * 60 * 60 * 1000;
const KEPT_TYPES = new Set(["text", "textarea", "number", "email", "tel", "date", "search",
  "select-one", "select-multiple", "checkbox", "radio"]);

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

function pageKey() {
  return KEY_PREFIX + window.location.pathname + window.location.search;
}

function postForms(dialog) {
  return Array.from(document.querySelectorAll("form")).filter(
    (form) => (form.method || "").toLowerCase() === "post" && !dialog.contains(form)
      && form.querySelector("textarea, input[type=text], input:not([type])"),
  );
}

function readForm(form) {
  const values = [];
  for (const el of Array.from(form.elements)) {
    if (!el.name || !KEPT_TYPES.has(el.type)) continue;
    if (el.type === "checkbox" || el.type === "radio") {
      values.push([el.name, el.value, el.checked]);
    } else if (el.type === "select-multiple") {
      values.push([el.name, Array.from(el.selectedOptions).map((o) => o.value), true]);
    } else {
      values.push([el.name, el.value, true]);
    }
  }
  return values;
}

function writeForm(form, values) {
  for (const [name, value, checked] of values) {
    const named = form.elements.namedItem(name);
    if (!named) continue;
    const elements = named instanceof Element ? [named] : Array.from(named);
    for (const el of elements) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.value === value) el.checked = checked;
      } else if (el.type === "select-multiple") {
        for (const option of Array.from(el.options)) option.selected = value.includes(option.value);
      } else if (KEPT_TYPES.has(el.type)) {
        el.value = value;
      }
    }
  }
}

function showKeptNotice() {
  const main = document.getElementById("main-content");
  if (!main) return;
  const banner = document.createElement("div");
  banner.className = "govuk-notification-banner";
  banner.setAttribute("role", "region");
  banner.setAttribute("aria-labelledby", "hearth-kept-title");
  banner.id = "hearth-kept-text";
  banner.innerHTML = '<div class="govuk-notification-banner__header">'
    + '<h2 class="govuk-notification-banner__title" id="hearth-kept-title">Important</h2></div>'
    + '<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">'
    + "We kept what you typed before you were signed out. Check it, then save."
    + "</p></div>";
  main.insertBefore(banner, main.firstChild);
  banner.setAttribute("tabindex", "-1");
  banner.focus();
}

function restoreKept(store, dialog) {
  if (!store) return;
  for (let i = store.length - 1; i >= 0; i -= 1) {
    const key = store.key(i);
    if (!key || !key.startsWith(KEY_PREFIX)) continue;
    try {
      if (Date.now() - (JSON.parse(store.getItem(key)).savedAt || 0) > MAX_AGE_MS) {
        store.removeItem(key);
      }
    } catch (error) {
      store.removeItem(key);
    }
  }
  const raw = store.getItem(pageKey());
  if (!raw) return;
  store.removeItem(pageKey());
  let kept;
  try {
    kept = JSON.parse(raw);
  } catch (error) {
    return;
  }
  const forms = postForms(dialog);
  let restored = false;
  for (const entry of kept.forms || []) {
    const form = forms.find((f) => f.getAttribute("action") === entry.action && entry.action)
      || forms[entry.index];
    if (!form) continue;
    writeForm(form, entry.values);
    restored = true;
  }
  if (restored) showKeptNotice();
}

function setup(dialog) {
  const store = storage();
  const timeoutMs = Number(dialog.dataset.timeoutSeconds) * 1000;
  const warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  const countdown = document.getElementById("hearth-timeout-countdown");
  const announce = document.getElementById("hearth-timeout-announce");
  const form = dialog.querySelector("form");
  const typedIn = new Set();
  let deadline = Date.now() + timeoutMs;
  let ended = false;

  restoreKept(store, dialog);
  document.addEventListener("input", (event) => {
    const form = event.target && event.target.form;
    if (form && !dialog.contains(form)) typedIn.add(form);
  });

  const inWords = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
    if (seconds >= 60) return "1 minute";
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  };

  const keepTyped = () => {
    if (!store || typedIn.size === 0) return;
    const forms = postForms(dialog);
    const entries = [];
    for (const typed of typedIn) {
      const index = forms.indexOf(typed);
      if (index < 0) continue;
      entries.push({ index, action: typed.getAttribute("action") || "", values: readForm(typed) });
    }
    try {
      store.setItem(pageKey(), JSON.stringify({ savedAt: Date.now(), forms: entries }));
    } catch (error) { /* storage full or blocked: forms with server drafts still keep theirs */ }
  };

  const signedOut = () => {
    if (ended) return;
    ended = true;
    keepTyped();
    // End the session on the server (whatever else kept it alive) and go to sign in, which
    // brings the user back here. A POST with the CSRF token from the dialog's form.
    const out = document.createElement("form");
    out.method = "post";
    out.action = dialog.dataset.timedOutUrl;
    out.hidden = true;
    for (const [name, value] of [
      ["csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value],
      ["next", window.location.pathname + window.location.search],
    ]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      out.appendChild(input);
    }
    document.body.appendChild(out);
    out.submit();
  };

  const open = () => {
    announce.textContent = `For your security, we will sign you out in ${inWords(deadline - Date.now())}.`;
    dialog.showModal();
  };

  const stay = async () => {
    let response;
    try {
      response = await fetch(dialog.dataset.keepAliveUrl, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
        redirect: "manual",
      });
    } catch (error) {
      announce.textContent = "Hearth could not be reached. Try again.";
      return;
    }
    if (!response.ok) {
      signedOut();
      return;
    }
    const result = await response.json().catch(() => ({}));
    deadline = Date.now() + (Number(result.expiresIn) * 1000 || timeoutMs);
    announce.textContent = "";
    if (dialog.open) dialog.close();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });
  // Escape closes the dialog: as in the GOV.UK pattern, that means "stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  const tick = () => {
    const left = deadline - Date.now();
    if (left <= 0) {
      signedOut();
      return;
    }
    if (left <= warningMs) {
      countdown.textContent = inWords(left);
      if (!dialog.open) open();
      if (Math.ceil(left / 1000) === 20) {
        announce.textContent = `We will sign you out in ${inWords(left)}.`;
      }
    }
  };
  window.setInterval(tick, 1000);
}

const dialog = document.querySelector('dialog[data-module="hearth-timeout-warning"]');
if (dialog && typeof dialog.showModal === "function") setup(dialog);
