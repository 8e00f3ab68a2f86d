// Word count and reading time on the story form, updated as the body is typed.
(function () {
  "use strict";
  const WORDS_A_MINUTE = 238;

  function count(text) {
    const words = text.match(/[\p{L}\p{N}\p{M}_]+/gu);
    return words ? words.length : 0;
  }

  function update() {
    const target = document.querySelector(".field-story_length .readonly");
    const editor = document.querySelector(".field-body .ProseMirror");
    if (!target || !editor) return;
    const words = count(editor.textContent || "");
    const minutes = words ? Math.ceil(words / WORDS_A_MINUTE) : 0;
    target.textContent = words + " words · about " + minutes + " min read";
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("article_form");
    if (!form) return;
    form.addEventListener("input", update);
    form.addEventListener("keyup", update);
    setTimeout(update, 500);
  });
})();
