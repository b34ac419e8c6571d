// Read receipts: a page shown to the recipient posts its receipt form once (reading with GET records
// nothing on the server). Without JavaScript, answering the interest counts as opening it.
document.querySelectorAll("form[data-receipt]").forEach(function (form) {
  fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                      headers: {"X-Requested-With": "fetch"}});
});
