// Comforts only: every page works without this file.
// 1. Selects marked data-filter get a search box that matches without diacritics
//    ("vinh bao" finds "Vĩnh Bảo", "duong" finds "đường").
// 2. Buttons marked data-print print the page.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function addFilter(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "filter-box";
    box.setAttribute("autocomplete", "off");
    var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    var name = label ? label.textContent.replace(/\(.*\)/, "").trim() : "";
    box.setAttribute("aria-label", (document.documentElement.lang === "en" ? "Search: " : "Tìm: ") + name);
    box.placeholder = document.documentElement.lang === "en" ? "Type to search…" : "Gõ để tìm (không cần dấu)…";
    var options = Array.prototype.slice.call(select.options).map(function (o) {
      return { option: o, key: fold(o.text) };
    });
    box.addEventListener("input", function () {
      var q = fold(box.value);
      var first = null;
      options.forEach(function (e) {
        var show = !q || e.option.value === "" || e.key.indexOf(q) !== -1;
        e.option.hidden = !show;
        e.option.disabled = !show && !e.option.selected;
        if (show && !first && e.option.value !== "") first = e.option;
      });
      if (q && first && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden)) {
        select.value = first.value;
      }
    });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); select.focus(); }
    });
    select.parentNode.insertBefore(box, select);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-filter]"), addFilter);
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();

// 3. Conference mode and the visit form: the fields of the chosen outcome (or handling) only;
//    keys 1-4 choose the outcome when the cursor is not in a text box; Ctrl+Enter records.
(function () {
  "use strict";
  function follow(form, name, selector) {
    var groups = form.querySelectorAll(selector);
    if (!groups.length) return;
    function update() {
      var checked = form.querySelector("input[name='" + name + "']:checked");
      var value = checked ? checked.value : "";
      Array.prototype.forEach.call(groups, function (g) {
        g.hidden = g.getAttribute("data-for").split(" ").indexOf(value) === -1;
      });
    }
    form.addEventListener("change", function (ev) {
      if (ev.target.name === name) update();
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var opinion = document.getElementById("opinion-form");
    if (opinion) {
      follow(opinion, "outcome", ".outcome-fields");
      document.addEventListener("keydown", function (ev) {
        var t = ev.target;
        var typing = t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
          (t.tagName === "INPUT" && t.type !== "radio" && t.type !== "checkbox"));
        if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
          ev.preventDefault();
          opinion.requestSubmit ? opinion.requestSubmit() : opinion.submit();
          return;
        }
        if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
        var radio = opinion.querySelector("input[name='outcome'][data-key='" + ev.key + "']");
        if (radio) {
          ev.preventDefault();
          radio.checked = true;
          radio.dispatchEvent(new Event("change", { bubbles: true }));
          radio.focus();
        }
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll(".visit-form"), function (f) {
      follow(f, "direction", ".direction-fields");
    });
  });
})();
