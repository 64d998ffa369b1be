/* The search index loads when the reader starts a search, not with every page: it is most of a first visit's
 * weight. Material's script requests search/search_index.json as the page loads; that one request is held
 * here until the reader focuses the search field, opens the search (by click, or by the "/", "s" or "f"
 * keys) or arrives with a query in the address, and then sent as it was. Loaded before Material's script
 * (overrides/main.html); without it, search works as usual. */
(function () {
  "use strict";
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;
  var held = [];
  var started = false;
  var INDEX = /\/search\/search_index\.json(?:$|\?)/;

  function start() {
    if (started) return;
    started = true;
    held.forEach(function (go) { go(); });
    held = [];
  }
  window.refsiteStartSearch = start;

  proto.open = function (method, url) {
    this.refsiteIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.refsiteIndex && !started) {
      held.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };

  if (/[?&][qh]=/.test(location.search)) start();  // a query, or words to highlight from a search result
  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches("input[name=query], .md-search *")) start();
  }, true);
  document.addEventListener("click", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest("label[for=__search], .md-search")) start();
  }, true);
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    var typing = t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName));
    if (!typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey && (ev.key === "/" || ev.key === "s" || ev.key === "f")) start();
  }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) start();
  }, true);
})();
