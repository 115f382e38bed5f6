/*
 * Pagefind's search dialog (sites built with `search: pagefind`; see
 * rendicion/plugin/search.py and overrides/partials/busqueda-pagefind.html).
 *
 * Runs just after Pagefind's component UI script: points it at this site's
 * bundle (the site may live in a subfolder, so the paths come from the page's
 * own base URL), words its messages for this site (what it finds are pages,
 * each listing its matching results), and only then adds the elements, which
 * would render again, and badly, if their wording changed afterwards.
 */
(function () {
  "use strict"
  var container = document.querySelector("[data-rc-pagefind]")
  var components = window.PagefindComponents
  if (!container || !components) return
  var root = new URL(container.getAttribute("data-rc-pagefind") + "/", location.href).pathname
  var search = components.configureInstance("default", {
    bundlePath: root + "pagefind/",
    baseUrl: root
  })
  search.setTranslations({
    keyboard_search: "Buscar",
    keyboard_close: "Cerrar",
    zero_results: "Ninguna página contiene «[SEARCH_TERM]»",
    one_result: "[COUNT] página contiene «[SEARCH_TERM]»",
    many_results: "[COUNT] páginas contienen «[SEARCH_TERM]»",
    search_suggestion: "Ninguna página contiene «[SEARCH_TERM]». Pruebe una de estas búsquedas:",
    alt_search: "Ninguna página contiene «[SEARCH_TERM]». Se muestran las que contienen «[DIFFERENT_TERM]»",
    searching: "Buscando «[SEARCH_TERM]»…",
    input_hint: "Los resultados aparecen mientras escribe"
  })
  container.appendChild(container.querySelector("template").content.cloneNode(true))

  // Reopening the dialog keeps the last query, selected (as Material's search
  // does), so typing replaces it.
  container.addEventListener("focusin", function (event) {
    var dialog = event.target.closest("dialog")
    if (dialog && event.target.matches("input") && !dialog.contains(event.relatedTarget)) {
      event.target.select()
    }
  })
})()
