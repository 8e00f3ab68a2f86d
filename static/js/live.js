// A live story's page asks its update endpoint for new posts every few
// seconds (with If-None-Match, so an unchanged story costs a 304). New posts
// are not moved in under the reader: a "n new posts" button says they are
// there, and clicking it inserts them. Without this script the page still
// shows every post on a reload. Words come from the page (data-live-*), in the
// story's language.
(function () {
  "use strict";

  var notice = document.querySelector("[data-live-updates]");
  var list = document.querySelector("[data-live-posts]");
  if (!notice || !list || !window.fetch) {
    return;
  }
  var button = notice.querySelector("button");
  var keyEvents = document.querySelector("[data-live-key-events]");
  var url = notice.getAttribute("data-live-updates");
  var interval = Math.max(1, Number(notice.getAttribute("data-live-interval")) || 10);
  var etag = null;
  var waiting = [];
  var latest = null;
  var timer = null;
  var finished = false;

  function shownIds() {
    var ids = {};
    list.querySelectorAll("[data-live-post]").forEach(function (post) {
      ids[post.getAttribute("data-live-post")] = true;
    });
    return ids;
  }

  function label(count) {
    var words = count === 1
      ? notice.getAttribute("data-live-one")
      : notice.getAttribute("data-live-many");
    return words.replace("{n}", String(count));
  }

  function announce() {
    if (waiting.length) {
      button.textContent = label(waiting.length);
      button.hidden = false;
    } else {
      button.hidden = true;
    }
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function insert() {
    var empty = list.querySelector(".live-empty");
    if (empty) {
      empty.remove();
    }
    // Oldest of the waiting first, each on top: newest ends up first.
    waiting.slice().reverse().forEach(function (post) {
      list.insertBefore(fragment(post.html), list.firstChild);
    });
    if (keyEvents && latest !== null) {
      keyEvents.replaceChildren(fragment(latest.key_events));
      keyEvents.closest("nav").hidden = !keyEvents.children.length;
    }
    waiting = [];
    announce();
    var first = list.querySelector("[data-live-post]");
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
  }

  function received(data) {
    latest = data;
    var ids = shownIds();
    waiting = data.posts.filter(function (post) {
      return !ids[String(post.id)];
    });
    announce();
    if (!data.live) {
      var ended = document.createElement("p");
      ended.className = "live-ended";
      ended.textContent = notice.getAttribute("data-live-ended");
      notice.appendChild(ended);
      finished = true;
      stop();
    }
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    fetch(url, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          // Embargoed again or killed: the posts on screen must go too, and
          // the page itself says why.
          finished = true;
          stop();
          window.location.reload();
          return null;
        }
        if (response.status === 304 || !response.ok) {
          return null;
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data) {
          received(data);
        }
      })
      .catch(function () {
        // Offline for a moment: the next poll tries again.
      });
  }

  function start() {
    if (timer === null) {
      timer = window.setInterval(poll, interval * 1000);
    }
  }

  function stop() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  button.addEventListener("click", insert);
  // A hidden tab does not poll; it catches up as soon as it is seen again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden || finished) {
      stop();
    } else {
      poll();
      start();
    }
  });
  start();
})();
