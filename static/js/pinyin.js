// Name forms (registration, the wizard's author rows): suggest the name in Hanyu Pinyin as the
// name is typed, until the person edits the pinyin field themselves. Each `…name_pinyin` field
// follows the `…name` field with the same prefix (a page may hold an add and an edit form).
(function () {
  const script = document.currentScript;
  document.querySelectorAll('input[id$="name_pinyin"]').forEach((pinyin) => {
    const name = document.getElementById(pinyin.id.replace(/name_pinyin$/, "name"));
    if (!name) return;
    let edited = pinyin.value !== "";
    let timer = null;
    pinyin.addEventListener("input", () => { edited = pinyin.value !== ""; });
    name.addEventListener("input", () => {
      if (edited) return;
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const url = script.dataset.endpoint + "?name=" + encodeURIComponent(name.value);
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (response.ok && !edited) pinyin.value = (await response.json()).pinyin;
      }, 250);
    });
  });
})();
