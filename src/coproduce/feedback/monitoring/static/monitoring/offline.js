// Observations made on a poor connection are not lost. When a phone is offline the form is
// kept in this browser's storage and sent again when the connection returns. Each one carries
// the key the server put in the form, so sending it twice records it once.
(function () {
  "use strict";
  var STORE = "coproduce-monitoring-unsent";
  var status = document.querySelector("[data-offline-status]");

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE) || "[]");
    } catch (error) {
      return [];
    }
  }

  function save(items) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(items));
    } catch (error) {
      // Storage full or switched off: the browser's own retry is all that is left.
    }
  }

  function forget(key) {
    save(load().filter(function (item) { return item.key !== key; }));
  }

  function say(name, extra) {
    if (!status) { return; }
    status.textContent = (status.getAttribute("data-text-" + name) || "") + (extra ? " " + extra : "");
  }

  function entriesOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { fields.push([name, value]); }
    });
    return fields;
  }

  function keyOf(fields) {
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i][0] === "key") { return fields[i][1]; }
    }
    return "";
  }

  function refusalIn(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var summary = page.querySelector(".govuk-error-summary__list, .govuk-warning-text__text");
    return summary ? summary.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function send(item) {
    var body = new FormData();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return window.fetch(item.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.status >= 500) { return; }
        forget(item.key);
        if (response.ok && response.url.indexOf("/sent/") !== -1) {
          say("sent");
          return;
        }
        return response.text().then(function (html) { say("refused", refusalIn(html)); });
      })
      .catch(function () { /* Still offline: try again later. */ });
  }

  function retry() {
    if (navigator.onLine === false) { return; }
    load().forEach(send);
  }

  // The server has this one (recorded, or refused with errors on this page): no need to keep it.
  var sent = document.querySelector("[data-observation-sent]");
  if (sent) { forget(sent.getAttribute("data-observation-sent")); }
  var form = document.querySelector("form[data-offline-form]");
  if (form && form.elements.key) { forget(form.elements.key.value); }

  if (form) {
    form.addEventListener("submit", function (event) {
      var fields = entriesOf(form);
      var item = { key: keyOf(fields), action: form.action, fields: fields, at: Date.now() };
      if (!item.key) { return; }
      save(load().filter(function (old) { return old.key !== item.key; }).concat([item]));
      if (navigator.onLine === false) {
        event.preventDefault();
        say("saved");
      }
    });
  }

  if (load().length) { say("pending"); }
  window.addEventListener("online", retry);
  retry();
})();
