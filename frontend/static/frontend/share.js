/* regiojobs, the posting page: the share links work without this file (a plain link and mailto). Here the system's
 * share sheet is offered where the browser has one (Web Share API), else copying the link to the clipboard. */
(function () {
  "use strict";
  var box = document.querySelector("[data-share]");
  if (!box) { return; }
  var link = box.querySelector("[data-share-url]");
  var native = box.querySelector("[data-share-native]");
  var copy = box.querySelector("[data-share-copy]");
  var status = box.querySelector("[data-share-status]");
  var url = link.href;
  var title = box.getAttribute("data-share-title") || document.title;

  if (navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () { /* cancelled: nothing to do */ });
    });
  } else if (navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        status.textContent = box.getAttribute("data-share-copied");
      }, function () { /* the plain link stays */ });
    });
  }
})();
