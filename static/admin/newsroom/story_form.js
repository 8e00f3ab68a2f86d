// Word count and reading time on the story form, updated as the body is typed.
(function () {
  "use strict";
  const WORDS_A_MINUTE = 238;

  function count(text) {
    const words = text.match(/[\p{L}\p{N}\p{M}_]+/gu);
    return words ? words.length : 0;
  }

  function show(target, editor) {
    const words = count(editor.textContent || "");
    const minutes = words ? Math.ceil(words / WORDS_A_MINUTE) : 0;
    // The sentence in the admin's language, from the server (data-template).
    const template = target.dataset.template || "{words} words · about {minutes} min read";
    const text = template.replace("{words}", words).replace("{minutes}", minutes);
    // The count sits inside what is watched: writing the same text again would
    // wake the observer for ever.
    if (target.textContent !== text) target.textContent = text;
  }

  function watch() {
    const target = document.getElementById("story-length");
    if (!target) return;
    const form = target.closest("form") || document.body;
    // The rich-text editor builds itself after the page loads, late on a busy
    // machine, and may be built again: watch the form, not one editor node.
    const update = function () {
      const editor = form.querySelector(".field-body .ProseMirror[contenteditable=true]");
      if (editor) show(target, editor);
    };
    new MutationObserver(update).observe(form, {
      characterData: true,
      childList: true,
      subtree: true,
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () { watch(); });
})();
