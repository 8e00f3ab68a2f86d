// Who else has this story open: a heartbeat to the server every few seconds,
// the others shown live, a warning before the first keystroke when someone is
// already here, taking the story over, and a goodbye when the page goes.
(function () {
  "use strict";
  const root = document.getElementById("story-editing");
  if (!root || !root.dataset.story) return;
  const form = root.closest("form");
  const story = root.dataset.story;
  // The story's own form, or a live post of it being written.
  const which = { article: story, form: root.dataset.form || "" };
  const status = document.getElementById("story-presence");
  const dialog = document.getElementById("story-in-use");
  const takenOver = document.getElementById("story-taken-over");
  let interval = 10;
  let timer = null;
  let warned = false;
  let gone = false;

  function text(key, values) {
    let template = root.dataset[key] || "";
    for (const [name, value] of Object.entries(values || {})) {
      template = template.replace("{" + name + "}", value);
    }
    return template;
  }

  function post(url, payload, beacon) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("payload", JSON.stringify(payload));
    if (beacon) return navigator.sendBeacon(url, data);
    return fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(
      function (response) {
        if (!response.ok) throw Object.assign(new Error("refused"), { status: response.status });
        return response.json();
      }
    );
  }

  function whoText(person) {
    return person.name + " (" + text("tSince", { time: person.at }) + ")";
  }

  function showOthers(others) {
    if (!others.length) {
      status.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = text("tAlsoHere") + " " + others.map(whoText).join(", ");
    status.hidden = false;
  }

  function warn(answer) {
    warned = true;
    const list = dialog.querySelector(".who");
    list.replaceChildren();
    for (const person of answer.others) {
      const item = document.createElement("li");
      item.textContent = whoText(person);
      list.append(item);
    }
    dialog.querySelector(".take-over").hidden = !answer.can_take_over;
    dialog.showModal();
  }

  function showTakeover(takeover) {
    takenOver.querySelector(".title").textContent = text("tTakenOver", {
      name: takeover.by,
      time: takeover.at,
    });
    const note = takenOver.querySelector(".note");
    note.textContent = takeover.note;
    note.hidden = !takeover.note;
    takenOver.hidden = false;
    takenOver.tabIndex = -1;
    takenOver.focus();
    // The draft is kept now, before anything else can happen to the page.
    document.dispatchEvent(new CustomEvent("story-editing:taken-over"));
  }

  function beat() {
    if (gone) return;
    post(root.dataset.heartbeatUrl, which)
      .then(function (answer) {
        showOthers(answer.others);
        if (answer.takeover) showTakeover(answer.takeover);
        if (!warned && answer.others.length) warn(answer);
        warned = true;
        interval = answer.interval || interval;
      })
      .catch(function (error) {
        // Not someone who may change the story (or signed out): stop asking.
        if (error.status === 403) gone = true;
      })
      .finally(function () {
        clearTimeout(timer);
        if (gone) return;
        timer = setTimeout(beat, interval * 1000);
      });
  }

  dialog.querySelector(".continue").addEventListener("click", function () {
    dialog.close();
  });
  dialog.querySelector(".take-over-button").addEventListener("click", function () {
    const note = document.getElementById("story-take-over-note").value;
    post(root.dataset.takeOverUrl, Object.assign({ note: note }, which)).then(function () {
      dialog.close();
      const done = document.getElementById("story-autosave-status");
      done.textContent = text("tTookOver");
    });
  });

  window.addEventListener("pagehide", function () {
    gone = true;
    clearTimeout(timer);
    post(root.dataset.leaveUrl, which, true);
  });
  window.addEventListener("pageshow", function (event) {
    // Back from the back-forward cache: present again.
    if (event.persisted) {
      gone = false;
      beat();
    }
  });

  beat();
})();
