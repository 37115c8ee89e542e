// Copy a citation to the clipboard (the only script of the public site).
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
