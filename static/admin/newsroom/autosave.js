// A private draft of the unsaved story form: kept every few seconds while it
// changes and when the page goes away, offered back (with what it changes)
// when the story is opened again. Never a save of the story itself.
(function () {
  "use strict";
  const root = document.getElementById("story-editing");
  if (!root) return;
  const form = root.closest("form");
  const story = root.dataset.story;
  const offerBox = document.getElementById("story-autosave-offer");
  const status = document.getElementById("story-autosave-status");
  // A new story's draft is keyed by an id of its tab (sessionStorage: two add
  // forms open at once never share one); the browser remembers the last few
  // (localStorage) so a new tab finds the draft of one closed unsaved.
  const TAB_KEY = "newsroom:autosave:this-tab";
  const RECENT_KEY = "newsroom:autosave:new-stories";
  const SKIP = new Set(["csrfmiddlewaretoken", "loaded_version", "_autosave_client"]);
  let interval = 5;
  let client = "";
  let editor = null;
  let dirty = false;
  let lastSent = null;
  let submitted = false;

  function text(key, values) {
    let template = root.dataset[key] || "";
    for (const [name, value] of Object.entries(values || {})) {
      template = template.replace("{" + name + "}", value);
    }
    return template;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function recent() {
    try {
      const ids = JSON.parse(localStorage.getItem(RECENT_KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function adopt(id) {
    client = id;
    sessionStorage.setItem(TAB_KEY, id);
    const ids = [id].concat(recent().filter(function (other) { return other !== id; }));
    localStorage.setItem(RECENT_KEY, JSON.stringify(ids.slice(0, 10)));
    if (form.elements._autosave_client) form.elements._autosave_client.value = id;
  }

  if (!story) {
    adopt(sessionStorage.getItem(TAB_KEY) || newId());
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "_autosave_client";
    field.value = client;
    form.append(field);
  }

  function key() {
    // A live post being written is a form of its story's own (data-form).
    return story ? { article: story, form: root.dataset.form || "" } : { client: client };
  }

  function pairs() {
    const found = [];
    for (const [name, value] of new FormData(form)) {
      // The inlines' hidden empty rows are templates, not what was typed.
      if (typeof value !== "string" || SKIP.has(name) || name.includes("__prefix__")) continue;
      found.push([name, value]);
    }
    return found;
  }

  function labels() {
    const found = {};
    for (const element of form.elements) {
      if (!element.name || !element.id || found[element.name]) continue;
      const row = element.closest(".fieldBox, .form-row");
      // A date and time pair is labelled once, on its row.
      const label =
        form.querySelector('label[for="' + CSS.escape(element.id) + '"]') ||
        (row && row.querySelector("label"));
      if (!label) continue;
      let name = label.textContent.replace(/:\s*$/, "").trim();
      const part = element.name.match(/_(\d)$/);
      if (part && !label.htmlFor.endsWith(element.id)) name += " (" + (Number(part[1]) + 1) + ")";
      found[element.name] = name;
    }
    return found;
  }

  function body(payload) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("payload", JSON.stringify(payload));
    return data;
  }

  function post(url, payload) {
    return fetch(url, { method: "POST", body: body(payload), credentials: "same-origin" });
  }

  function draft() {
    const version = form.elements.loaded_version;
    return Object.assign(key(), {
      base_version: version ? version.value : "",
      fields: pairs(),
    });
  }

  function keep(beacon) {
    if (submitted || !dirty) return;
    const payload = draft();
    const serialised = JSON.stringify(payload.fields);
    if (serialised === lastSent) return;
    lastSent = serialised;
    if (beacon) {
      navigator.sendBeacon(root.dataset.autosaveUrl, body(payload));
      return;
    }
    post(root.dataset.autosaveUrl, payload)
      .then(function (response) {
        if (response.status === 413) {
          status.textContent = text("tTooLarge");
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer) status.textContent = text("tSaved", { time: answer.saved_at });
      })
      .catch(function () {
        lastSent = null;
      });
  }

  function fill(fields) {
    const values = new Map();
    for (const [name, value] of fields) {
      if (!values.has(name)) values.set(name, []);
      values.get(name).push(value);
    }
    // Inline rows the draft added: add as many to the form first.
    for (const [name, list] of values) {
      if (!name.endsWith("-TOTAL_FORMS")) continue;
      const prefix = name.slice(0, -"-TOTAL_FORMS".length);
      const total = form.elements[name];
      const add = document.querySelector("#" + CSS.escape(prefix) + "-group .add-row a");
      let missing = total && add ? Number(list[0]) - Number(total.value) : 0;
      while (missing-- > 0) add.click();
    }
    for (const [name, list] of values) {
      if (name.endsWith("_FORMS")) continue;
      const found = form.elements[name];
      if (!found) continue;
      const elements = found instanceof RadioNodeList ? Array.from(found) : [found];
      elements.forEach(function (element, index) {
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = list.includes(element.value);
        } else if (element.type === "file") {
          return;
        } else if (element.multiple) {
          for (const option of element.options) option.selected = list.includes(option.value);
        } else if (index < list.length) {
          // An autocomplete list holds only the chosen option: a choice it
          // does not hold cannot be shown, and the saved one stays.
          const known =
            element.tagName !== "SELECT" ||
            Array.from(element.options).some(function (option) {
              return option.value === list[index];
            });
          if (!known) return;
          element.value = list[index];
        }
        element.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
    // A box unticked or a list emptied is missing from a posted form: so too here.
    for (const element of form.elements) {
      if (!element.name || values.has(element.name) || element.name.includes("__prefix__")) continue;
      if (element.type === "checkbox") element.checked = false;
      if (element.multiple) for (const option of element.options) option.selected = false;
    }
    const textarea = form.elements.body;
    if (editor && textarea && values.has("body")) {
      editor.commands.setContent(values.get("body")[0]);
      textarea.value = values.get("body")[0];
    }
  }

  function showChanges(container, changes) {
    container.replaceChildren();
    for (const change of changes) {
      const heading = document.createElement("h3");
      heading.textContent = change.label;
      const paragraph = document.createElement("p");
      paragraph.className = "diff";
      for (const [kind, part] of change.parts) {
        const tag = kind === "removed" ? "del" : kind === "added" ? "ins" : "span";
        const piece = document.createElement(tag);
        piece.textContent = part;
        paragraph.append(piece);
      }
      container.append(heading, paragraph);
    }
  }

  function offer(found) {
    offerBox.querySelector(".when").textContent = text("tSavedAt", { time: found.saved_at });
    const newer = offerBox.querySelector(".newer");
    newer.hidden = !found.newer_save;
    if (found.newer_save) newer.textContent = text("tNewer", found.newer_save);
    showChanges(offerBox.querySelector(".changes"), found.changes);
    offerBox.hidden = false;
    offerBox.querySelector(".restore").onclick = function () {
      if (!story && found.client) adopt(found.client);
      fill(found.fields);
      const version = form.elements.loaded_version;
      // Over a newer save, the stale-save rule shows that save first.
      if (version && found.base_version) version.value = found.base_version;
      offerBox.hidden = true;
      status.textContent = text("tRestored");
      dirty = true;
      lastSent = null;
    };
    offerBox.querySelector(".discard").onclick = function () {
      const which = story ? key() : { client: found.client || client };
      post(root.dataset.discardUrl, which).then(function () {
        offerBox.hidden = true;
        status.textContent = text("tDiscarded");
      });
    };
  }

  function start() {
    const payload = Object.assign(key(), { current: pairs(), labels: labels() });
    if (!story) payload.others = recent().filter(function (id) { return id !== client; });
    post(root.dataset.offerUrl, payload)
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (!answer) return;
        interval = answer.interval || interval;
        if (answer.autosave) offer(answer.autosave);
      })
      .catch(function () {})
      .finally(function () {
        setInterval(function () { keep(false); }, interval * 1000);
      });
  }

  // A form sent back by a refused save holds text the story does not: keep it.
  if (document.querySelector(".errornote")) dirty = true;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitted = true; });
  document.addEventListener("story-editing:taken-over", function () { keep(false); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") keep(true);
  });
  window.addEventListener("pagehide", function () { keep(true); });

  let started = false;
  function ready(event) {
    if (event && event.detail && event.detail.editor && event.detail.textarea === form.elements.body) {
      editor = event.detail.editor;
    }
    if (started) return;
    started = true;
    start();
  }
  document.addEventListener("prose-editor:ready", ready);
  // Without a rich-text editor on the page, start once it has loaded.
  window.addEventListener("load", function () { setTimeout(ready, 0); });
})();
