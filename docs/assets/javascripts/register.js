/* Register of decisions: instant filtering and sorting when JavaScript runs.
   Without JavaScript the controls stay hidden and the year, type, topic and decision
   maker pages do the same job. Rows are filtered by toggling `hidden`, so 2,000 rows
   stay one light table.
   A large register lists only its newest decisions in the page, so that it opens quickly;
   the table's data-all-rows names a file with every row, which is fetched once, when a
   reader first reaches the filters. Those rows are the site's own markup, made and escaped
   by the same template as the page's rows. */
(function () {
  "use strict";
  function setUp() {
    var table = document.getElementById("dp-register");
    var panel = document.getElementById("dp-filters");
    if (!table || !panel || panel.getAttribute("data-ready")) { return; }
    panel.setAttribute("data-ready", "1");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var total = Number(table.getAttribute("data-total")) || rows.length;
    var allRows = table.getAttribute("data-all-rows");
    var loading = null;
    var count = document.getElementById("dp-count");
    var query = document.getElementById("dp-q");
    var sort = document.getElementById("dp-sort");
    var selects = Array.prototype.slice.call(panel.querySelectorAll("select[data-filter]"));
    var texts = searchTexts(rows);
    var timer = null;

    function searchTexts(list) {
      return list.map(function (row) {
        // Search text: what the row shows, plus the reference without its space (PCD911).
        var t = row.textContent.toLowerCase().replace(/\s+/g, " ");
        return t + " " + t.replace(/([a-z]+) (\d+)/g, "$1$2");
      });
    }

    function loadAllRows() {
      if (!allRows || loading) { return; }
      loading = fetch(allRows, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }).then(function (data) {
        tbody.innerHTML = data.rows.join("");
        rows = Array.prototype.slice.call(tbody.rows);
        texts = searchTexts(rows);
        allRows = null;
        if (table.caption) { table.caption.textContent = "All decisions"; }
        reorder();
      }).catch(function () {
        loading = null;
        count.textContent = "Only the newest decisions could be loaded; the year pages below list every decision.";
      });
    }

    function matches(row, index, words) {
      for (var i = 0; i < selects.length; i++) {
        var value = selects[i].value;
        if (!value) { continue; }
        var kind = selects[i].getAttribute("data-filter");
        if (kind === "topic") {
          if (row.getAttribute("data-topics").split("|").indexOf(value) < 0) { return false; }
        } else if (row.getAttribute("data-" + kind) !== value) {
          return false;
        }
      }
      for (var w = 0; w < words.length; w++) {
        if (texts[index].indexOf(words[w]) < 0) { return false; }
      }
      return true;
    }

    function apply() {
      var words = query.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, index) {
        var ok = matches(row, index, words);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (allRows && shown === rows.length) {
        count.textContent = "Showing the " + rows.length + " newest of " + total + " decisions";
      } else if (allRows) {
        count.textContent = "Showing " + shown + " of the " + rows.length + " newest decisions; loading the rest";
      } else {
        count.textContent = shown === rows.length
          ? "Showing all " + rows.length + " decisions"
          : "Showing " + shown + " of " + rows.length + " decisions";
      }
    }

    function key(row, field) {
      if (field === "date") { return row.getAttribute("data-date") + String(1e6 + Number(row.getAttribute("data-num"))); }
      if (field === "amount") { return Number(row.getAttribute("data-amount") || -1); }
      if (field === "ref") { return row.cells[0].textContent.replace(/\d+/, function (n) { return String(1e6 + Number(n)); }); }
      return row.cells[1].textContent.toLowerCase();
    }

    function reorder() {
      var parts = sort.value.split("-");
      var field = parts[0], dir = parts[1] === "asc" ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var ka = key(a, field), kb = key(b, field);
        return ka < kb ? -dir : ka > kb ? dir : 0;
      });
      var fragment = document.createDocumentFragment();
      sorted.forEach(function (row) { fragment.appendChild(row); });
      tbody.appendChild(fragment);
      var names = { date: "Date signed", ref: "Reference", amount: "Amount", title: "Title" };
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        var isSorted = th.textContent.trim() === names[field];
        if (isSorted) { th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending"); }
        else { th.removeAttribute("aria-sort"); }
      });
      apply();
    }

    query.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    sort.addEventListener("change", reorder);
    // The whole register is fetched as soon as a reader reaches a control (focus comes
    // before the first key or choice), not with the page, which stays small.
    ["focusin", "pointerdown", "input", "change"].forEach(function (type) {
      panel.addEventListener(type, loadAllRows);
    });
    // Enter in the text box filters at once instead of reloading the page.
    document.getElementById("dp-filter-form").addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    panel.hidden = false;
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
