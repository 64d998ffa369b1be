/* Readers' features that need a script: the timeline filter. Small, local, no dependencies.
 *
 * The page works without it: the filter form is rendered `hidden` and only shown here, and every event
 * stays visible. Entries carry their theme and actor ids in data-themes / data-actors (space-separated).
 * The choice is kept in the address (?theme=…&actor=…), so a filtered view can be shared; an event's
 * permalink (#id) always shows that event, clearing a filter that would hide it.
 */
(function () {
  "use strict";

  function setup() {
    var form = document.getElementById("timeline-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var entries = Array.prototype.slice.call(document.querySelectorAll(form.dataset.filterTarget || ".entry"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var status = form.querySelector("[role=status]");
    var article = form.closest("article") || document;
    var headings = Array.prototype.slice.call(article.querySelectorAll("h2[id^='decade-']"));

    function has(entry, attr, value) {
      return (" " + (entry.getAttribute("data-" + attr) || "") + " ").indexOf(" " + value + " ") !== -1;
    }

    function apply(updateAddress) {
      var shown = 0;
      entries.forEach(function (entry) {
        var ok = selects.every(function (s) { return !s.value || has(entry, s.dataset.filter, s.value); });
        entry.hidden = !ok;
        if (ok) shown += 1;
      });
      // A decade heading is hidden when none of its events is shown.
      headings.forEach(function (h) {
        var any = false;
        for (var el = h.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) {
          if (el.matches(form.dataset.filterTarget || ".entry") && !el.hidden) { any = true; break; }
        }
        h.hidden = !any;
      });
      var active = selects.filter(function (s) { return s.value; });
      if (status) {
        status.textContent = active.length
          ? "Showing " + shown + " of " + entries.length + " events (" +
            active.map(function (s) { return s.options[s.selectedIndex].text.replace(/ \(\d+\)$/, ""); }).join(", ") + ")."
          : "Showing all " + entries.length + " events.";
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
      var entry = target && target.closest(form.dataset.filterTarget || ".entry");
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

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
  // Material's instant navigation (if ever enabled) swaps pages without reloading.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
})();

/* Wide tables scroll sideways inside Material's wrapper: such a scrolling region must be reachable with the
 * keyboard (axe-core: scrollable-region-focusable), so it gets a tab stop and a name. */
(function () {
  "use strict";
  function label() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table " + (i + 1) + " (scrolls sideways)");  // names must be unique
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  function later() { setTimeout(label, 0); }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(later);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", later);
  else later();
  window.addEventListener("load", later);
  window.addEventListener("resize", function () { clearTimeout(label.t); label.t = setTimeout(label, 200); });
})();
