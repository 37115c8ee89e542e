// The public site's script: copy a citation, and show who is signed in.
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var source = document.getElementById(button.dataset.copy);
  var done = button.parentElement.querySelector(".copied");
  var text = source.textContent.trim();
  var show = function () { if (done) { done.hidden = false; setTimeout(function () { done.hidden = true; }, 2000); } };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(show);
  } else {
    var area = document.createElement("textarea");
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand("copy"); area.remove(); show();
  }
});

// The pages are the same for everybody (and cached), so they offer 投稿 / 登录; a signed-in
// person gets their own links in its place, from a small uncached answer of the app.
(function () {
  var slot = document.querySelector("[data-account]");
  if (!slot || !window.fetch) return;
  fetch(slot.dataset.account, {credentials: "same-origin", cache: "no-store"})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (who) {
      if (!who || !who.signed_in) return;
      var items = who.links.map(function (link) {
        var item = document.createElement("li");
        var anchor = document.createElement("a");
        item.className = "nav-item";
        anchor.className = "nav-link";
        anchor.href = link.url;
        anchor.textContent = link.label;
        item.appendChild(anchor);
        return item;
      });
      var name = document.createElement("li");
      name.className = "nav-item ms-auto navbar-text small text-muted px-2";
      name.dataset.signedIn = "";
      name.textContent = who.name;
      items.push(name);
      slot.replaceWith.apply(slot, items);
    })
    .catch(function () { /* the login link stays: it still works */ });
})();
