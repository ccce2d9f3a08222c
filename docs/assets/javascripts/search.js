/* Search page (search/): the query and filters → results from the site's Pagefind index.

   The build writes the index into pagefind/ (a WebAssembly engine and small index chunks;
   a query fetches only the chunks it needs). Results appear as the reader types; the count
   is announced in a live region, and pressing Enter (or Search) moves the focus to it, so
   that Tab goes on to the results. The query and filters are written into the address
   (search/?q=grant&year=2021) and read from it, so a search can be shared and linked.
   Everything that comes from the index is inserted as text: an excerpt's <mark> tags are
   the only markup kept. Without JavaScript the form stays hidden and the page says where
   the register's filter pages are. */
(function () {
  "use strict";
  var PAGE_SIZE = 10;

  function setUp() {
    var page = document.getElementById("dp-search");
    if (!page || page.getAttribute("data-ready")) { return; }
    page.setAttribute("data-ready", "1");
    var form = document.getElementById("dp-search-form");
    var box = document.getElementById("dp-search-q");
    var status = document.getElementById("dp-search-status");
    var list = document.getElementById("dp-search-results");
    var more = document.getElementById("dp-search-more");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var root = new URL(page.getAttribute("data-root") || "./", window.location.href);
    var engine = null;
    var latest = 0;
    var found = [];
    var shown = 0;
    form.hidden = false;

    function load() {
      if (!engine) {
        engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
          // Results' addresses are made from the site's root, wherever the site is served. A
          // word of a decision's reference or title counts more than one in its text (which
          // also cites other decisions), so that "PCD 911" finds PCD 911 first.
          // noWorker: Pagefind's Web Worker costs a reader more than it spares the page. At
          // 10,000 decisions it made the first answer 0.6 s later (its script is fetched and
          // started first) and a typed one up to twice as slow (every result is copied across
          // to the page), against a page that stays responsive anyway: the search waits for a
          // pause in typing. See BENCHMARKS.md, "Site search with Pagefind".
          var options = {
            noWorker: true,
            baseUrl: root.pathname,
            excerptLength: 24,
            ranking: { metaWeights: { reference: 20, title: 5, signed: 0 } }
          };
          return Promise.resolve(pagefind.options(options)).then(function () {
            pagefind.init();
            return pagefind;
          });
        });
      }
      return engine;
    }

    function filters() {
      var chosen = {};
      selects.forEach(function (select) {
        if (select.value) { chosen[select.getAttribute("data-filter")] = select.value; }
      });
      return chosen;
    }

    function writeAddress(query, chosen) {
      var params = new URLSearchParams();
      if (query) { params.set("q", query); }
      Object.keys(chosen).forEach(function (key) { params.set(key, chosen[key]); });
      var text = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
    }

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      box.value = params.get("q") || "";
      selects.forEach(function (select) {
        var wanted = params.get(select.getAttribute("data-filter"));
        if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
          select.value = wanted;
        }
      });
    }

    function describe(count, query, chosen) {
      var what = query ? " for \u201c" + query + "\u201d" : "";
      var narrowed = Object.keys(chosen).map(function (key) { return chosen[key]; });
      if (narrowed.length) { what += " (" + narrowed.join(", ") + ")"; }
      if (count === 0) { return "No results" + what + ". Try fewer or other words, or fewer filters."; }
      return (count === 1 ? "1 result" : count + " results") + what + ".";
    }

    // Words on nearly every page. Pagefind finds the pages that hold every word asked for, so
    // leaving these out of a query of other words finds the same pages, ranked alike (a word
    // on every page adds nothing to any page's score); but it spares scoring every page for
    // each of them, which at 10,000 decisions is most of a phrase's time.
    var COMMON = ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it",
      "of", "on", "or", "that", "the", "this", "to", "was", "with"];

    function terms(query) {
      // A reference written as one word (pcd-911, PCD911) is searched as the page writes it.
      var words = query.replace(/\b([A-Za-z]{2,6})[-_]?(\d+)\b/g, "$1 $2").split(/\s+/);
      if (/^\s*".+"\s*$/.test(query)) { return words.join(" "); }  // an exact phrase, as written
      var telling = words.filter(function (word) { return COMMON.indexOf(word.toLowerCase()) < 0; });
      return (telling.length ? telling : words).join(" ");
    }

    function run(focusAfter) {
      var query = box.value.trim();
      var chosen = filters();
      var ticket = ++latest;
      writeAddress(query, chosen);
      if (!query && !Object.keys(chosen).length) {
        found = []; shown = 0;
        list.textContent = "";
        more.hidden = true;
        status.textContent = "";
        return Promise.resolve();
      }
      return load().then(function (pagefind) {
        return pagefind.search(query ? terms(query) : null, { filters: chosen });
      }).then(function (search) {
        if (ticket !== latest) { return; }  // a later search was asked for meanwhile
        found = search.results; shown = 0;
        list.textContent = "";
        return showMore(false).then(function () {
          if (ticket !== latest) { return; }
          status.textContent = describe(found.length, query, chosen);
          if (focusAfter) { status.focus(); }
        });
      }).catch(function () {
        if (ticket === latest) {
          status.textContent = "Search could not be loaded. The register lists every decision, by year, type, topic and decision maker.";
        }
      });
    }

    function showMore(moveFocus) {
      var next = found.slice(shown, shown + PAGE_SIZE);
      shown += next.length;
      return Promise.all(next.map(function (result) { return result.data(); })).then(function (items) {
        var first = null;
        items.forEach(function (item) {
          var li = list.appendChild(resultItem(item));
          first = first || li.querySelector("a");
        });
        more.hidden = shown >= found.length;
        if (moveFocus && first) { first.focus(); }
      });
    }

    function resultItem(item) {
      var meta = item.meta || {};
      var li = document.createElement("li");
      li.className = "dp-search-result";
      var heading = li.appendChild(document.createElement("h2"));
      heading.className = "dp-search-result__title";
      var link = heading.appendChild(document.createElement("a"));
      link.href = item.url;
      link.textContent = meta.reference ? meta.reference + ": " + (meta.title || "") : (meta.title || item.url);
      if (meta.signed) {
        var when = li.appendChild(document.createElement("p"));
        when.className = "dp-meta dp-search-result__date";
        when.textContent = "Signed " + meta.signed;
      }
      var excerpt = li.appendChild(document.createElement("p"));
      excerpt.className = "dp-search-result__excerpt";
      appendExcerpt(excerpt, item.excerpt || "");
      return li;
    }

    function appendExcerpt(target, html) {
      // Pagefind's excerpt is escaped text with <mark> around the words found. It is parsed in
      // an inert document and only its text and <mark> elements are copied over.
      var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
      Array.prototype.forEach.call(parsed ? parsed.childNodes : [], function (node) {
        if (node.nodeName === "MARK") {
          target.appendChild(document.createElement("mark")).textContent = node.textContent;
        } else {
          target.appendChild(document.createTextNode(node.textContent || ""));
        }
      });
    }

    var timer = null;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(false); }, 120);
    });
    box.addEventListener("focus", load, { once: true });
    selects.forEach(function (select) { select.addEventListener("change", function () { run(false); }); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run(true);
    });
    more.addEventListener("click", function () { showMore(true); });

    readAddress();
    load();  // this page is opened to search: start the engine at once
    if (box.value || Object.keys(filters()).length) { run(false); } else { box.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}());
