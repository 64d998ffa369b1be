/* The search as readers use it, in two parts, both before Material's script runs (overrides/main.html):
 *
 * The search index loads when the reader starts a search, not with every page: it is most of a first visit's
 * weight. Material's script requests search/search_index.json as the page loads; that one request is held
 * here until the reader focuses the search field, opens the search (by click, or by the "/", "s" or "f"
 * keys) or arrives with a query in the address, and then sent as it was. Without this file, search works as
 * usual.
 *
 * A word typed whole ranks above words it only begins. Material searches every typed word as the start of a
 * word ("UN" finds "Union"), and a rare longer word counts as much as the word itself, so "UN vote" listed
 * the Eurasian Economic Union second and "Shoigu 2020" put the period page "2020–2024" above the entry on
 * Shoigu in 2020. Each plain word of a query goes to Material's search worker once more, as itself with a
 * boost (lunr's "un^10": no longer an opening); the words it begins still match. Words in lunr's own syntax
 * (+word, -word, word*, title:word) and phrases in quotes are sent as typed. */
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

  var WHOLE_WORD_BOOST = 10;
  var PLAIN_WORD = /^[\p{L}\p{N}]+$/u;  // not MiG-29, +word, -word, word*, word~1, title:word
  var SEARCH_QUERY = 2;  // Material's message to its search worker carrying the query (data: what was typed)

  function wholeWordsFirst(query) {
    if (query.indexOf('"') >= 0) return query;  // a phrase: its words stay as they are
    return query.split(/\s+/).filter(Boolean).map(function (word) {
      return PLAIN_WORD.test(word) ? word + "^" + WHOLE_WORD_BOOST + " " + word : word;
    }).join(" ");
  }

  if (typeof Worker !== "undefined") {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
        var args = Array.prototype.slice.call(arguments);
        args[0] = { type: message.type, data: wholeWordsFirst(message.data) };
        return post.apply(this, args);
      }
      return post.apply(this, arguments);
    };
  }
})();
