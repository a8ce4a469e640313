// Shows why an htmx request failed in the layout's #htmx-error region (role="alert"), and marks
// the element being refreshed as busy. htmx swaps nothing on a 4xx/5xx, so without this a refused
// action looks like a dead button. A separate file because the CSP allows no inline script.
(function () {
  "use strict";
  var LONGEST = 500;

  function region() {
    return document.getElementById("htmx-error");
  }

  function show(text) {
    var box = region();
    // textContent: the message is server text, never markup.
    if (box) { box.textContent = text; }
  }

  function polling(elt) {
    var trigger = elt && elt.getAttribute ? elt.getAttribute("hx-trigger") || "" : "";
    return trigger.indexOf("every ") !== -1;
  }

  function messageOf(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    var body = (xhr.responseText || "").trim();
    // Only our own refusals (core/htmx.py) are plain text; an HTML error page is not shown raw.
    if (type.indexOf("text/plain") === 0 && body) {
      return body.length > LONGEST ? body.slice(0, LONGEST) + "…" : body;
    }
    if (xhr.status === 403) { return "You are not allowed to do that (403). Nothing was changed."; }
    if (xhr.status === 429) { return "Too many attempts; please wait a minute and try again."; }
    if (xhr.status >= 500) {
      return "Something went wrong on our side (error " + xhr.status + "). Please try again.";
    }
    return "That was refused (error " + xhr.status + "). Please reload the page and try again.";
  }

  function busy(event, on) {
    var target = event.detail && event.detail.target;
    if (!target || !target.setAttribute) { return; }
    if (on) { target.setAttribute("aria-busy", "true"); } else { target.removeAttribute("aria-busy"); }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    // A poll in the background must not wipe a message the person has not read yet.
    if (!polling(event.detail && event.detail.elt)) { show(""); }
    busy(event, true);
  });
  document.addEventListener("htmx:afterRequest", function (event) { busy(event, false); });
  document.addEventListener("htmx:responseError", function (event) {
    busy(event, false);
    show(messageOf(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function (event) {
    busy(event, false);
    show("Could not reach the server. Check your connection and try again.");
  });
  document.addEventListener("htmx:timeout", function (event) {
    busy(event, false);
    show("The server took too long to answer. Please try again.");
  });
})();
