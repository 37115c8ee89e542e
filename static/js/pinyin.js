// Registration form: suggest the name in Hanyu Pinyin as the name is typed, until the person
// edits the pinyin field themselves.
(function () {
  const script = document.currentScript;
  const name = document.getElementById("name");
  const pinyin = document.getElementById("name_pinyin");
  if (!name || !pinyin) return;
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
})();
