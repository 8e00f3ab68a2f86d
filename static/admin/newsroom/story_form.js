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
    target.textContent = template.replace("{words}", words).replace("{minutes}", minutes);
  }

  function watch(tries) {
    const target = document.getElementById("story-length");
    const editor = document.querySelector(".field-body .ProseMirror");
    if (!target) return;
    if (!editor) {
      // The rich-text editor builds itself after the page loads.
      if (tries > 0) setTimeout(function () { watch(tries - 1); }, 100);
      return;
    }
    new MutationObserver(function () { show(target, editor); }).observe(editor, {
      characterData: true,
      childList: true,
      subtree: true,
    });
    show(target, editor);
  }

  document.addEventListener("DOMContentLoaded", function () { watch(100); });
})();
