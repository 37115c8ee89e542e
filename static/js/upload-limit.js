// Refuse a file over the journal's limit before it is sent: the input carries the limit
// (data-max-bytes) and the message (data-too-large, with %(size)s for the file's size in MB).
document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    const limit = Number(input.dataset.maxBytes);
    let message = "";
    if (file && limit && file.size > limit) {
      message = input.dataset.tooLarge.replace("%(size)s", (file.size / 1048576).toFixed(1));
      input.value = "";
    }
    input.setCustomValidity(message);
    let note = input.parentElement.querySelector(".upload-limit-message");
    if (!note) {
      note = document.createElement("div");
      note.className = "upload-limit-message text-danger small mt-1";
      note.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = message;
  });
});
