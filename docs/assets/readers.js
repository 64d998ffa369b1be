/* Readers' features that need a script. Small, local, no dependencies; every page reads fine without it.
 *
 * - Timeline filter: the form is rendered `hidden` and shown here; every event stays visible without it.
 *   Entries carry their theme and actor ids in data-themes / data-actors (space-separated). The choice is
 *   kept in the address (?theme=…&actor=…), so a filtered view can be shared; an event's permalink (#id)
 *   always shows that event, clearing a filter that would hide it. Headings, jump links, the page's contents
 *   (the table of contents) and footnotes of hidden events are hidden with them, and an empty result says so.
 * - Rows: a link to an entry, a claim or a footnote inside a closed row opens the row; so does a search result
 *   whose words are inside a closed row (the row opens at the first of them).
 * - Citations: "Copy" buttons, and the full address of a page where the build knew only its path.
 * - Footnote previews: hovering or focusing a citation mark shows its footnote beside it.
 * - Wide tables: a scrolling table gets a tab stop, a name and a visible "scroll" cue.
 */
(function () {
  "use strict";

  function each(selector, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  // ---- rows: open the row holding the target of the address (an entry, a claim, a footnote mark)
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var row = target.closest("details");
    var opened = false;
    while (row) {
      if (!row.open) { row.open = true; opened = true; }
      row = row.parentElement && row.parentElement.closest("details");
    }
    // Chromium opens a closed <details> itself when the address points inside it, before this runs: so settle
    // on any target inside a row, opened here or not.
    if (!opened && !target.closest("details.row")) return;
    target.scrollIntoView({ block: "center" });
    settle(target);
  }

  // Rows are laid out lazily (content-visibility): the rows passed on the way get their real height as they
  // come into view, and the browser's scroll anchoring then moves the page (a back-link to a mark near the top
  // of a long page landed 2,000 px past it). So scroll to the target again on each frame until it stays put
  // for five frames, for at most two seconds, and never once the reader scrolls or presses a key.
  function settle(target) {
    var stop = false;
    var start = Date.now();
    var last = null;
    var still = 0;
    var events = ["wheel", "touchstart", "keydown", "mousedown"];
    function cancel() { stop = true; }
    events.forEach(function (t) { window.addEventListener(t, cancel, { passive: true }); });
    function done() { events.forEach(function (t) { window.removeEventListener(t, cancel); }); }
    (function step() {
      if (stop || Date.now() - start > 2000) { done(); return; }
      var top = target.getBoundingClientRect().top;
      if (last !== null && Math.abs(top - last) < 1) {
        if (++still >= 5) { done(); return; }
      } else {
        still = 0;
        target.scrollIntoView({ block: "center" });
        top = target.getBoundingClientRect().top;
      }
      last = top;
      requestAnimationFrame(step);
    })();
  }

  // ---- search: a result whose words are inside a closed row opens that row at the first of them. Material's
  // search links to the section (a decade of the timeline, or the row itself) with ?h=words and marks the words
  // on the page (search.highlight) once its worker has loaded the index, which takes seconds on a slow phone:
  // the marks are awaited (up to 20 s, and not after the reader has clicked, tapped or pressed a key), then the
  // first mark at or after the linked section is shown.
  var HIT_WAIT_MS = 20000;
  function openAtHit() {
    if (!/[?&]h=/.test(location.search)) return;
    var selector = "article mark[data-md-highlight]";
    if (document.querySelector(selector)) { showHit(document.querySelectorAll(selector)); return; }
    var observer = new MutationObserver(function () {
      if (document.querySelector(selector)) { stop(); showHit(document.querySelectorAll(selector)); }
    });
    var timer = setTimeout(stop, HIT_WAIT_MS);
    var moved = ["pointerdown", "keydown"];
    function stop() {
      observer.disconnect();
      clearTimeout(timer);
      moved.forEach(function (t) { document.removeEventListener(t, stop, true); });
    }
    moved.forEach(function (t) { document.addEventListener(t, stop, true); });
    observer.observe(document.querySelector("article") || document.body, { childList: true, subtree: true });
  }
  function showHit(marks) {
    var id = decodeURIComponent(location.hash.slice(1));
    var start = id && document.getElementById(id);
    var hit = Array.prototype.find.call(marks, function (m) {
      return !start || start === m || (start.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
    }) || marks[0];
    var row = hit.closest("details");
    if (!row || row.open) return;
    while (row) {
      row.open = true;
      row = row.parentElement && row.parentElement.closest("details");
    }
    hit.scrollIntoView({ block: "center" });
  }

  // ---- the timeline filter
  function setupFilter() {
    var form = document.getElementById("timeline-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var selector = form.dataset.filterTarget || ".entry";
    var entries = Array.prototype.slice.call(document.querySelectorAll(selector));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var status = form.querySelector("[role=status]");
    var empty = document.querySelector(".filter-empty");
    var article = form.closest("article") || document;
    var headings = Array.prototype.slice.call(article.querySelectorAll("h2[id]")).filter(function (h) {
      var next = h.nextElementSibling;
      while (next && next.tagName !== "H2") { if (next.matches(selector)) return true; next = next.nextElementSibling; }
      return false;
    });
    // Each footnote with the entries that cite it (null: cited outside an entry): hidden when all of them are.
    // One pass over the marks, not one search per footnote: long pages have hundreds of each.
    var ownersOf = {};
    each("a.footnote-ref", function (a) {
      var key = a.getAttribute("href");
      (ownersOf[key] = ownersOf[key] || []).push(a.closest(selector));
    }, article);
    var notes = [];
    each(".footnote li[id]", function (li) {
      notes.push({ li: li, owners: ownersOf["#" + li.id] || [] });
    });

    function has(entry, attr, value) {
      return (" " + (entry.getAttribute("data-" + attr) || "") + " ").indexOf(" " + value + " ") !== -1;
    }

    function apply(updateAddress) {
      var shown = 0;
      entries.forEach(function (entry) {
        var ok = selects.every(function (s) { return !s.value || has(entry, s.dataset.filter, s.value); });
        if (entry.hidden === ok) entry.hidden = !ok;  // write only changes: each write costs a style pass
        if (ok) shown += 1;
      });
      headings.forEach(function (h) {
        var any = false;
        for (var el = h.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
          if (el.matches(selector) && !el.hidden) { any = true; break; }
        }
        if (h.hidden === any) h.hidden = !any;
        for (el = h.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
          if (el.tagName === "P" && el.hidden === any) el.hidden = !any;  // a section's introduction goes with it
        }
        each(".jump-bar a[href='#" + CSS.escape(h.id) + "']", function (a) { if (a.hidden === any) a.hidden = !any; });
        // The page's contents (Material's right-hand table of contents) list only the sections left visible.
        each(".md-nav--secondary a[href='#" + CSS.escape(h.id) + "']", function (a) {
          var item = a.closest("li") || a;
          if (item.hidden === any) item.hidden = !any;
        });
      });
      notes.forEach(function (n) {
        var hide = n.owners.length > 0 && n.owners.every(function (o) { return o && o.hidden; });
        if (n.li.hidden !== hide) n.li.hidden = hide;
      });
      var active = selects.filter(function (s) { return s.value; });
      if (empty) empty.hidden = shown > 0;
      if (status) {
        // What the page lists: events, states of affairs, analyses.
        var noun = (entries.length === 1 ? form.dataset.nounOne : form.dataset.noun) || "events";
        status.textContent = active.length
          ? "Showing " + shown + " of " + entries.length + " " + noun + " (" +
            active.map(function (s) { return s.options[s.selectedIndex].text.replace(/ \(\d+\)$/, ""); }).join(", ") + ")."
          : "Showing all " + entries.length + " " + noun + ".";
      }
      if (updateAddress && window.history && history.replaceState) {
        var params = new URLSearchParams(location.search);
        selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); else params.delete(s.name); });
        var query = params.toString();
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    // Start from the address: ?theme=…&actor=… (unknown values are ignored).
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = params.get(s.name);
      if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
    });

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(true); });
    form.addEventListener("reset", function () {
      // The reset event fires before the fields are reset.
      setTimeout(function () { apply(true); if (selects[0]) selects[0].focus(); }, 0);
    });

    function revealTarget() {
      var id = decodeURIComponent(location.hash.slice(1));
      if (!id) return;
      var target = document.getElementById(id);
      var entry = target && target.closest(selector);
      if (entry && entry.hidden) {
        selects.forEach(function (s) { s.value = ""; });
        apply(true);
        target.scrollIntoView();
      }
    }
    window.addEventListener("hashchange", revealTarget);

    form.hidden = false;
    apply(false);
    revealTarget();
  }

  // ---- citations: the full address where the build had only the path, and copy buttons. Done for a box
  // when it is opened (or shown open), not for every entry when the page loads.
  function readyCitation(box) {
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    each("a.cite-url", function (a) {
      if (/^https?:/.test(a.textContent)) return;
      var path = a.textContent;
      if (a.hasAttribute("data-self")) a.href = location.href.split("#")[0];  // this page, however it is served
      a.textContent = a.href;
      var bibtex = box.querySelector(".cite-this__bibtex code");
      if (bibtex) bibtex.textContent = bibtex.textContent.split("{" + path + "}").join("{" + a.href + "}");
    }, box);
    if (!navigator.clipboard) return;
    each("button.cite-copy", function (button) { button.hidden = false; }, box);
  }
  function setupCitations() {
    each(".cite-this--open", readyCitation);
    document.addEventListener("toggle", function (ev) {  // toggle does not bubble: listen while capturing
      var box = ev.target;
      if (box.open && box.matches && box.matches("details.cite-this, details.cite-pop")) readyCitation(box);
    }, true);
    document.addEventListener("click", function (ev) {
      var button = ev.target.closest && ev.target.closest("button.cite-copy");
      if (!button || !navigator.clipboard) return;
      var box = button.closest(".cite-this, .cite-pop, .cite-this--open");
      var source = box && box.querySelector(button.dataset.copy);
      if (!source) return;
      var label = button.dataset.label || button.textContent;
      button.dataset.label = label;
      navigator.clipboard.writeText(source.textContent.replace(/\s+\n/g, "\n").trim()).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  }

  // ---- printing: closed rows print open (CSS does it where ::details-content is supported)
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    each("details.row:not([open]), details.footnote-fold:not([open])", function (d) { d.open = true; openedForPrint.push(d); });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  function setup() {
    setupFilter();
    setupCitations();
    openTarget();
    openAtHit();
  }

  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
  // Material's instant navigation (if ever enabled) swaps pages without reloading.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
})();

/* The navigation drawer on narrow screens (reader review L15). Its button is Material's <label for="__drawer">,
 * which the keyboard cannot reach, while the closed drawer's links were Tab stops off the screen (32 of them
 * before the content on the home page at 390 px). readers.css hides the closed drawer; here its button becomes
 * a button: a Tab stop that Enter or Space opens and closes, saying whether it is open. Escape closes it. */
(function () {
  "use strict";
  function setup() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector("label.md-header__button[for='__drawer']");
    if (!toggle || !button || button.dataset.ready) return;
    button.dataset.ready = "1";
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-controls", "__drawer");
    if (!button.getAttribute("aria-label")) button.setAttribute("aria-label", "Navigation");
    function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
    function set(open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));  // Material listens to it (scroll lock)
      sync();
    }
    toggle.addEventListener("change", sync);
    sync();
    button.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      ev.preventDefault();
      ev.stopPropagation();  // Material's own keyboard handler would act on the label too
      set(!toggle.checked);
      if (toggle.checked) {  // on into the drawer, once it is shown
        var first = document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]");
        if (first) setTimeout(function () { first.focus(); }, 50);
      }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && toggle.checked) { set(false); button.focus(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();

/* Wide tables scroll sideways inside Material's wrapper: such a scrolling region must be reachable with the
 * keyboard (axe-core: scrollable-region-focusable), so it gets a tab stop and a name, and a visible cue.
 * Widths come from an IntersectionObserver, measured as the browser renders: reading scrollWidth would lay
 * out a long page once more, which blocked it for a quarter of a second on a phone. */
(function () {
  "use strict";
  function mark(wrap, i, scrolls) {
    wrap.classList.toggle("scrolls", scrolls);
    if (scrolls) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table " + (i + 1) + " (scrolls sideways)");  // names must be unique
    } else if (wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }
  function label() {
    var wraps = Array.prototype.slice.call(document.querySelectorAll(".md-typeset__scrollwrap"));
    if (!wraps.length || !window.IntersectionObserver) return;
    var widths = new Map();
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { widths.set(e.target, e.boundingClientRect.width); });
      io.disconnect();
      wraps.forEach(function (wrap, i) {
        var table = wrap.querySelector("table");
        if (table) mark(wrap, i, widths.get(table) > widths.get(wrap) + 1);
      });
    });
    wraps.forEach(function (wrap) {
      io.observe(wrap);
      var table = wrap.querySelector("table");
      if (table) io.observe(table);
    });
  }
  if (document.readyState === "complete") label();
  else window.addEventListener("load", label);
  window.addEventListener("resize", function () { clearTimeout(label.t); label.t = setTimeout(label, 200); });
})();

/* Footnote previews: hovering or focusing a citation mark ([3]) shows its footnote beside it. Built on demand
 * for the one mark in use, from the footnote's own nodes (cloned, never parsed from text): Material's footnote
 * tooltips prepared every mark when the page loaded, which blocked a long page on a phone for a second. */
(function () {
  "use strict";
  var tip = null;
  var current = null;

  function hide() {
    if (tip) tip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function show(ref) {
    var note = document.getElementById(decodeURIComponent((ref.getAttribute("href") || "").slice(1)));
    if (!note || ref === current) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "footnote-preview";
      tip.className = "footnote-preview md-typeset";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = "";
    Array.prototype.forEach.call(note.childNodes, function (n) { tip.appendChild(n.cloneNode(true)); });
    Array.prototype.forEach.call(tip.querySelectorAll(".footnote-backref"), function (a) { a.remove(); });
    Array.prototype.forEach.call(tip.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    tip.hidden = false;
    var box = ref.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    tip.style.left = Math.max(8, Math.min(box.left - 16, width - tip.offsetWidth - 8)) + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 6 + "px";
    if (current) current.removeAttribute("aria-describedby");
    current = ref;
    ref.setAttribute("aria-describedby", tip.id);
  }

  function refOf(target) {
    return target && target.closest ? target.closest("a.footnote-ref") : null;
  }
  // A preview opened by the keyboard stays until the focus moves on: the pointer passing over the page (or the
  // page moving under a resting pointer, which fires mouseover when focus scrolls the mark into view) does
  // not hide it.
  var byFocus = false;
  document.addEventListener("mouseover", function (ev) {
    var ref = refOf(ev.target);
    if (ref) {
      show(ref);
      byFocus = false;
    } else if (tip && !tip.hidden && !byFocus && !tip.contains(ev.target)) hide();
  });
  document.addEventListener("focusin", function (ev) {
    var ref = refOf(ev.target);
    if (ref) {
      show(ref);
      byFocus = true;
    } else if (!(tip && tip.contains(ev.target))) hide();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });

  // The keyboard reaches the preview's links (the source's page at the passage, the original, the archived
  // copy): Tab from a mark whose preview is shown moves into it, Tab past its last link goes on after the mark,
  // Shift+Tab from its first link goes back to the mark (reader review O6).
  function focusables(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]"),
      function (el) { return el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0; });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Tab" || ev.altKey || ev.ctrlKey || ev.metaKey || !tip || tip.hidden || !current) return;
    var links = focusables(tip);
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    if (document.activeElement === current && !ev.shiftKey) {
      ev.preventDefault();
      links[0].focus();
    } else if (at === 0 && ev.shiftKey) {
      ev.preventDefault();
      current.focus();
    } else if (at === links.length - 1 && !ev.shiftKey) {
      ev.preventDefault();
      var mark = current;
      var all = focusables(document.body).filter(function (el) { return !tip.contains(el); });
      var next = all[all.indexOf(mark) + 1];
      hide();
      (next || mark).focus();
    }
  });
})();
