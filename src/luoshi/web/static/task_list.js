// The task list's filters: only the fields in use go into the request, and so into the
// address htmx pushes (/tasks?light=red&sort=due, not /tasks?q=&status=&light=red…).
// A file of its own: the Content-Security-Policy allows no inline script.
document.addEventListener("htmx:configRequest", function (e) {
  if (!e.detail.elt.matches || !e.detail.elt.matches("form.filters")) return;
  var params = e.detail.parameters;
  var empty = [];
  var names = typeof params.keys === "function" ? Array.from(params.keys()) : Object.keys(params);
  names.forEach(function (name) {
    var value = typeof params.get === "function" ? params.get(name) : params[name];
    if (value === "" || value === null || value === undefined) empty.push(name);
  });
  empty.forEach(function (name) {
    if (typeof params.delete === "function") params.delete(name); else delete params[name];
  });
});

// "Save as a view" saves the filters as they are now (htmx may have changed them since the
// page was rendered with their values echoed in the form).
document.addEventListener("submit", function (e) {
  var save = e.target;
  if (!save.matches || !save.matches("form.save-view")) return;
  var filters = document.querySelector("form.filters");
  if (!filters) return;
  save.querySelectorAll("input.echo").forEach(function (old) { old.remove(); });
  new FormData(filters).forEach(function (value, name) {
    if (value === "") return;
    var input = document.createElement("input");
    input.type = "hidden";
    input.className = "echo";
    input.name = name;
    input.value = value;
    save.appendChild(input);
  });
});
