// One click submits a form once (forms marked data-submit-once); the server refuses a second
// submit anyway, this only spares the author the message.
document.querySelectorAll("form[data-submit-once]").forEach((form) => {
  form.addEventListener("submit", () => {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach((button) => {
      button.disabled = true;
    });
  });
});
