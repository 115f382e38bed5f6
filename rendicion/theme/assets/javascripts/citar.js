/*
 * Permalinks and citations: show each permalink as the full address the
 * reader is on (also when the site is published without site_url), and let
 * "Copiar la cita" buttons copy their citation. Without JavaScript the links
 * and citation texts are still there; only the buttons stay hidden.
 */
(function () {
  "use strict"
  // Permalink hrefs are relative to the page; citation texts to the site root.
  var config = document.getElementById("__config")
  var root = new URL((config ? JSON.parse(config.textContent).base : ".") + "/", window.location.href)

  document.querySelectorAll("a[data-rc-permalink]").forEach(function (link) {
    link.textContent = new URL(link.getAttribute("href"), window.location.href).href
  })
  document.querySelectorAll("[data-rc-permalink-text]").forEach(function (span) {
    if (!/^https?:/.test(span.textContent)) span.textContent = new URL(span.textContent, root).href
  })

  if (!navigator.clipboard) return
  document.querySelectorAll("[data-rc-copy]").forEach(function (button) {
    button.hidden = false
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-rc-copy")).textContent
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Cita copiada"
        setTimeout(function () { button.textContent = "Copiar la cita" }, 2000)
      })
    })
  })
})()
