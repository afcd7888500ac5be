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
