// A lesson visit is written on a phone during the lesson: if the page is closed, the network drops
// or the session has expired, what was written must not be lost. The form's fields are kept in
// this browser (localStorage, under the form's data-keep-draft key) while typing and put back
// when the empty form is opened again; a saved visit's page clears them. Without JavaScript the
// form still works, and a refused submit shows every answer again from the server.
(function () {
  var form = document.querySelector("form[data-keep-draft]");
  var cleared = document.querySelector("[data-clear-draft]");
  if (cleared) {
    try { localStorage.removeItem(cleared.getAttribute("data-clear-draft")); } catch (e) { /* private mode */ }
  }
  if (!form) return;
  var key = form.getAttribute("data-keep-draft");
  var fields = function () {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit";
    });
  };
  var save = function () {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "radio") { if (el.checked) data[el.name] = el.value; }
      else data[el.name] = el.value;
    });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* full or private */ }
  };
  // A refused submit comes back from the server filled in: the server's values win.
  var bound = form.querySelector(".form-errors, .field--error");
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
  if (stored && !bound) {
    fields().forEach(function (el) {
      if (!(el.name in stored)) return;
      if (el.type === "radio") el.checked = el.value === stored[el.name];
      else el.value = stored[el.name];
    });
    var note = document.createElement("p");
    note.className = "message message--info";
    note.setAttribute("role", "status");
    note.textContent = form.getAttribute("data-restored-text") || "";
    if (note.textContent) form.insertBefore(note, form.firstChild);
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
