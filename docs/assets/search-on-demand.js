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
 * (+word, -word, word*, title:word) and phrases in quotes are sent as typed.
 *
 * The words a search found are highlighted on the page it opens, in every spelling it found them by. Material
 * marks the words of the link's ?h= as typed, so a page found by Vucic, Pantsyr, Вучич or Mig29 (through the
 * index's folded words, refsite/search.py) showed nothing marked, and the page's own result linked with ?h=
 * empty. Each result without words of its own gets those of its page's sections; on a page opened with ?h=,
 * the page's words that fold to a typed word, or that a typed word stands for (the index's config.spellings:
 * Pantsyr -> pantsir, Вучич -> vucic), are marked as Material marks: <mark data-md-highlight>. A page's words
 * fold as the index's do, Cyrillic letters to Latin: a search for Vucic marks Вучић too. */
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

  var SEARCH_SETUP = 0;  // Material's message handing the index to its worker (data: the index)
  var SEARCH_RESULT = 3;  // the worker's results (data.items: one list of documents per page)

  // A result with no words of its own (Material adds a page's own document, unscored, to its sections' hits)
  // gets its sections' words, which Material puts in the link as ?h=.
  function withWords(result) {
    (result && result.items || []).forEach(function (docs) {
      var found = {};
      docs.forEach(function (doc) {
        Object.keys(doc.terms || {}).forEach(function (t) { if (doc.terms[t]) found[t] = true; });
      });
      docs.forEach(function (doc) {
        if (doc.terms && !Object.keys(doc.terms).length) doc.terms = Object.assign({}, found);
      });
    });
  }

  // Lower case in Latin letters without diacritics (Vučić -> vucic, Đilas -> djilas, Вучић -> vucic), as
  // refsite/search.py's fold(): letters, its table of the letters it replaces first (Cyrillic, đ, ß …), comes
  // with the search index (config.letters).
  var letters = {};
  function fold(word) {
    return Array.from(word.toLowerCase(), function (ch) { return letters[ch] === undefined ? ch : letters[ch]; })
      .join("").normalize("NFKD").replace(/\p{M}/gu, "");
  }
  var TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

  function highlightSpellings(spellings) {
    var h = new URLSearchParams(location.search).get("h");
    var typed = (h || "").toLowerCase().split(/[\s*+:~^]+/).filter(Boolean);
    if (!typed.length) return;
    var wanted = [];
    typed.forEach(function (t) {
      wanted.push(fold(t));
      Object.keys(spellings || {}).forEach(function (form) {
        if (form === t || (t.length >= 3 && form.indexOf(t) === 0)) wanted.push.apply(wanted, spellings[form]);
      });
    });
    wanted = wanted.filter(function (w, i) { return w && wanted.indexOf(w) === i; });
    var asTyped = function (part) {  // Material marks these itself
      var low = part.toLowerCase();
      return typed.some(function (t) { return low.indexOf(t) === 0; });
    };
    var found = function (folded) { return wanted.some(function (w) { return folded.indexOf(w) === 0; }); };
    var content = document.querySelector("[data-md-component=content]");
    if (!content) return;
    var walk = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.parentElement && n.parentElement.offsetHeight && !n.parentElement.closest("mark")) nodes.push(n);
    }
    nodes.forEach(function (node) {
      var text = node.textContent;
      var spans = [];  // [start, end] of the words to mark
      text.replace(TOKEN, function (token, at) {
        var parts = token.split("-");
        // A designation found as one word (Mig29 -> MiG-29) is marked whole.
        if (parts.length > 1 && found(fold(parts.join(""))) && !found(fold(parts[0])) && !asTyped(token)) {
          spans.push([at, at + token.length]);
          return token;
        }
        var offset = at;
        parts.forEach(function (part) {
          if (found(fold(part)) && !asTyped(part)) spans.push([offset, offset + part.length]);
          offset += part.length + 1;
        });
        return token;
      });
      if (!spans.length) return;
      var out = document.createDocumentFragment();
      var last = 0;
      spans.forEach(function (span) {
        out.appendChild(document.createTextNode(text.slice(last, span[0])));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = text.slice(span[0], span[1]);
        out.appendChild(mark);
        last = span[1];
      });
      out.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(out, node);
    });
  }

  if (typeof Worker !== "undefined") {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
        var args = Array.prototype.slice.call(arguments);
        args[0] = { type: message.type, data: wholeWordsFirst(message.data) };
        return post.apply(this, args);
      }
      if (message && message.type === SEARCH_SETUP && message.data && /[?&]h=/.test(location.search)) {
        var config = message.data.config || {};
        var spellings = config.spellings;
        letters = config.letters || {};
        if (document.readyState === "loading") {
          document.addEventListener("DOMContentLoaded", function () { highlightSpellings(spellings); });
        } else {
          highlightSpellings(spellings);
        }
      }
      return post.apply(this, arguments);
    };
    // Material listens to its worker with addEventListener (rxjs fromEvent), and may stop listening.
    var listen = Worker.prototype.addEventListener;
    var unlisten = Worker.prototype.removeEventListener;
    var wrapped = new WeakMap();
    Worker.prototype.addEventListener = function (type, listener, options) {
      if (type === "message" && typeof listener === "function") {
        if (!wrapped.has(listener)) {
          wrapped.set(listener, function (ev) {
            if (ev.data && ev.data.type === SEARCH_RESULT) withWords(ev.data.data);
            return listener.call(this, ev);
          });
        }
        return listen.call(this, type, wrapped.get(listener), options);
      }
      return listen.apply(this, arguments);
    };
    Worker.prototype.removeEventListener = function (type, listener, options) {
      if (type === "message" && wrapped.has(listener)) return unlisten.call(this, type, wrapped.get(listener), options);
      return unlisten.apply(this, arguments);
    };
  }
})();
