/*
 * Filters on area, council and plan pages (progressive enhancement): the
 * form stays hidden (its place kept: no layout shift when it appears) without
 * JavaScript, and the page lists every result.
 * A result matches when, for every chosen filter, its data-rc-<field>
 * attribute (a space-separated list) contains the chosen value.
 */
(function () {
  "use strict"
  var form = document.querySelector("form[data-rc-filter]")
  if (!form) return
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.rc-result"))
  var groups = document.querySelectorAll(".rc-section, .rc-group")
  var count = form.querySelector(".rc-filter__count")
  // Numbers as the pages write them (the site's locale, thousands always grouped:
  // 1,555 in es-SV, 1.555 in es-BO); plain digits where Intl cannot.
  var number = function (n) { return String(n) }
  try {
    var format = new Intl.NumberFormat(form.getAttribute("data-rc-locale") || "es", { useGrouping: "always" })
    number = function (n) { return format.format(n) }
  } catch (error) { /* an unknown locale or an old browser */ }

  var apply = function () {
    var chosen = Array.prototype.slice.call(form.querySelectorAll("select"))
      .filter(function (select) { return select.value })
    var shown = 0
    cards.forEach(function (card) {
      var match = chosen.every(function (select) {
        var values = (card.getAttribute("data-rc-" + select.name) || "").split(" ")
        return values.indexOf(select.value) !== -1
      })
      card.hidden = !match
      if (match) shown++
    })
    Array.prototype.forEach.call(groups, function (group) {
      group.hidden = !group.querySelector("article.rc-result:not([hidden])")
    })
    count.textContent = chosen.length
      ? (shown === 1 ? "Se muestra " : "Se muestran ") + number(shown) + " de " + number(cards.length) + " resultados."
      : ""
  }

  form.hidden = false
  form.addEventListener("change", apply)
  form.addEventListener("submit", function (event) { event.preventDefault() })
})()
